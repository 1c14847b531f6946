import { describe, expect, it } from "vitest";
import type { ObservedTrajectories } from "../../../../src-main/api/contract.js";
import { ARM_COLOURS, drawnPerArm, spaghettiArms, spaghettiChart } from "../../../../src-renderer/lib/explore/spaghetti.js";

type Series = { type: string; name: string; id: string; data: (number | string)[]; color: string; emphasis: { focus: string }; tooltip: { formatter: string } };

const data: ObservedTrajectories = {
  outcome: "CHG",
  visits: ["WEEK 2", "WEEK 4", "WEEK 8"],
  subjectsPerArm: { PBO: 120, TRT: 2 },
  subjects: [
    { subject: "101", arm: "PBO", values: [1.5, null, 3] },
    { subject: "102", arm: "PBO", values: [0.5, 1, null] },
    { subject: "103", arm: "PBO", values: [null, null, null] },
    { subject: "201", arm: "TRT", values: [2, 4, 6] },
    { subject: "<b>202</b>", arm: "TRT", values: [1, 2, 3] },
  ],
};

const seriesOf = (chart: ReturnType<typeof spaghettiChart>): Series[] => chart!.option.series as Series[];

describe("spaghettiChart", () => {
  it("draws one line per subject with an observed value, named by arm for the legend", () => {
    const chart = spaghettiChart(data, { visitName: "AVISIT", subjectName: "USUBJID" });
    const series = seriesOf(chart);
    expect(series).toHaveLength(4); // subject 103 has nothing observed
    expect(series.map((s) => s.name)).toEqual(["PBO", "PBO", "TRT", "TRT"]);
    expect(series[0].data).toEqual([1.5, "-", 3]);
    expect(series.every((s) => s.type === "line" && s.emphasis.focus === "series")).toBe(true);
    const legend = chart!.option.legend as { data: { name: string }[] };
    expect(legend.data.map((d) => d.name)).toEqual(["PBO", "TRT"]);
    expect((chart!.option.xAxis as { data: string[]; name: string })).toMatchObject({ type: "category", data: ["WEEK 2", "WEEK 4", "WEEK 8"], name: "AVISIT" });
    expect((chart!.option.yAxis as { name: string }).name).toBe("CHG");
  });

  it("colours by arm, in the order the other charts use", () => {
    const series = seriesOf(spaghettiChart(data));
    expect(series.map((s) => s.color)).toEqual([ARM_COLOURS[0], ARM_COLOURS[0], ARM_COLOURS[1], ARM_COLOURS[1]]);
    // with DataSummary's order (an arm without sampled subjects first), TRT takes the third colour
    const ordered = seriesOf(spaghettiChart(data, { armOrder: ["ACT", "TRT", "PBO"] }));
    expect(ordered.map((s) => s.name)).toEqual(["PBO", "PBO", "TRT", "TRT"]);
    expect(ordered.map((s) => s.color)).toEqual([ARM_COLOURS[2], ARM_COLOURS[2], ARM_COLOURS[1], ARM_COLOURS[1]]);
    expect((spaghettiChart(data, { armOrder: ["ACT", "TRT", "PBO"] })!.option.legend as { data: { name: string }[] }).data.map((d) => d.name)).toEqual(["TRT", "PBO"]);
  });

  it("filters to one arm and keeps that arm's colour", () => {
    const chart = spaghettiChart(data, { arm: "TRT" });
    const series = seriesOf(chart);
    expect(series.map((s) => s.id)).toEqual(["subject:TRT:201", "subject:TRT:<b>202</b>"]);
    expect(series.every((s) => s.color === ARM_COLOURS[1])).toBe(true);
    expect(chart!.title).toBe("Observed CHG by subject in TRT");
    expect(chart!.caption).toContain("TRT: 2 of 2 subjects.");
    expect(chart!.caption).not.toContain("PBO");
  });

  it("names the subject in its tooltip, as text and not markup", () => {
    const series = seriesOf(spaghettiChart(data, { subjectName: "USUBJID" }));
    expect(series[0].tooltip.formatter).toBe("<b>USUBJID 101</b> ({a})<br/>{b}: {c}");
    expect(series[3].tooltip.formatter).toBe("<b>USUBJID &#60;b&#62;202&#60;/b&#62;</b> ({a})<br/>{b}: {c}");
  });

  it("says how many subjects of how many are drawn per arm", () => {
    expect(drawnPerArm(data, ["PBO", "TRT"])).toBe("PBO: 3 of 120 subjects; TRT: 2 of 2 subjects");
    expect(spaghettiChart(data)!.caption).toMatch(/^PBO: 3 of 120 subjects; TRT: 2 of 2 subjects\. /);
  });

  it("calls the subjects of data without an arm column all subjects", () => {
    const one: ObservedTrajectories = { outcome: "AVAL", visits: ["V1"], subjectsPerArm: { "": 1 }, subjects: [{ subject: "1", arm: "", values: [3] }] };
    const chart = spaghettiChart(one);
    expect(seriesOf(chart)[0].name).toBe("All subjects");
    expect(chart!.caption).toMatch(/^All subjects: 1 of 1 subject\. /);
    expect(spaghettiArms(one)).toEqual([""]);
  });

  it("is null when there is nothing to draw", () => {
    expect(spaghettiChart({ ...data, subjects: [] })).toBeNull();
    expect(spaghettiChart(data, { arm: "NONE" })).toBeNull();
  });

  it("is plain JSON", () => {
    const chart = spaghettiChart(data)!;
    expect(JSON.parse(JSON.stringify(chart))).toEqual(chart);
  });
});
