import type { BatchColumn, SourceColumn } from "./table.js";
import type { XptVariable } from "./xpt-header.js";
import { ibmToDouble } from "./xpt-ibm-float.js";
import { sasDatetimeToIso, sasDateToIso, sasTimeToText, temporalKind, type TemporalKind } from "./xpt-sas-dates.js";
import { sasTextOrNull } from "./xpt-text.js";

/**
 * How each XPORT variable becomes a column: characters as text (null when blank), numerics as numbers (NaN
 * for any of SAS's missing values), and numerics with a date, datetime or time format as ISO 8601 text, since
 * without its format such a number (days or seconds since 1960) means nothing to anyone downstream.
 */
export interface XptColumn {
  readonly source: SourceColumn;
  /** The column's values in `rows` observations of `rowLength` bytes laid end to end in `data`. */
  read(data: Buffer, rows: number, rowLength: number): BatchColumn;
}

const TO_TEXT: Record<TemporalKind, (value: number) => string | null> = {
  date: sasDateToIso,
  datetime: sasDatetimeToIso,
  time: sasTimeToText,
};

export function xptColumn(v: XptVariable): XptColumn {
  const base = { name: v.name, label: v.label, format: v.format, length: v.length };
  if (!v.numeric) {
    return {
      source: { ...base, storage: "text", sourceType: "character" },
      read: (data, rows, rowLength) => {
        const values = new Array<string | null>(rows);
        for (let r = 0, at = v.position; r < rows; r++, at += rowLength) values[r] = sasTextOrNull(data, at, at + v.length);
        return { storage: "text", values };
      },
    };
  }
  const kind = temporalKind(v.formatName);
  if (kind === null) {
    return {
      source: { ...base, storage: "number", sourceType: "numeric" },
      read: (data, rows, rowLength) => {
        const values = new Float64Array(rows);
        for (let r = 0, at = v.position; r < rows; r++, at += rowLength) values[r] = ibmToDouble(data, at, v.length);
        return { storage: "number", values };
      },
    };
  }
  const toText = TO_TEXT[kind];
  return {
    source: { ...base, storage: "text", sourceType: kind },
    read: (data, rows, rowLength) => {
      const values = new Array<string | null>(rows);
      for (let r = 0, at = v.position; r < rows; r++, at += rowLength) {
        const value = ibmToDouble(data, at, v.length);
        values[r] = Number.isNaN(value) ? null : toText(value);
      }
      return { storage: "text", values };
    },
  };
}
