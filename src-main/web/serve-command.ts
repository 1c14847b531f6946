/** `longitude serve [--db DB] [--port N] [--export-root DIR]`: the app in a browser, until Ctrl+C. */
import { parseOptions } from "../cli/args.js";
import { openService, type Out } from "../cli/data-commands.js";
import { InputError } from "../errors.js";
import { startWebHost } from "./server.js";

/**
 * Resolves on the first SIGINT or SIGTERM. `npm start` forwards the terminal's Ctrl+C, which the terminal has
 * sent here too, so a second signal right after the first is the same request; one that comes later means
 * the shutdown is stuck, and ends the process at once.
 */
export function untilStopSignal(): Promise<void> {
  return new Promise((stopped) => {
    let first = 0;
    const onSignal = () => {
      if (first === 0) { first = Date.now(); stopped(); return; }
      if (Date.now() - first < 2000) return;
      process.stderr.write("error: Longitude did not stop in time; stopping it now\n");
      process.exit(1);
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  });
}

export async function serveCommand(argv: readonly string[], io: Out, stop: () => Promise<void> = untilStopSignal): Promise<number> {
  const { values } = parseOptions("serve", argv, { values: ["db", "port", "export-root"], flags: ["help"] });
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!/^\d+$/.test(values.port ?? "0") || port > 65535) throw new InputError(`--port takes a port number from 0 to 65535 (0: any free port); got "${values.port}"`);
  const service = await openService(values.db, io);
  try {
    const host = await startWebHost({
      service, port, exportRoot: values["export-root"],
      onInternalError: (context, e) => {
        io.stderr(`error: internal error in ${context}: ${e instanceof Error ? e.message : String(e)}\n`);
        if (io.env.LONGITUDE_DEBUG === "1" && e instanceof Error && e.stack) io.stderr(`${e.stack}\n`);
      },
    });
    // listen for Ctrl+C before saying it works: a signal sent as soon as the address shows must stop the server
    const stopped = stop();
    io.stdout(`Longitude is serving on ${host.url}\nPress Ctrl+C to stop.\n`);
    void service.prewarmFits();
    await stopped;
    await host.close();
  } finally {
    service.close(); // cancels running fits
  }
  return 0;
}
