import { open, type FileHandle } from "node:fs/promises";

/**
 * A file read through a handle a window at a time, so that an XPORT file of any size is never loaded whole:
 * the header parser asks for a few records at a time, the member scan walks the file in windows.
 */
export class WindowedFile {
  /** Bytes read per window: 13,107 records of 80 bytes, about a megabyte. */
  static readonly WINDOW = 80 * 13_107;

  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  private constructor(private readonly handle: FileHandle, readonly size: number) {}

  /** Opens the file; fs errors are left to the caller, which knows how to name the file. */
  static async open(path: string): Promise<WindowedFile> {
    const handle = await open(path, "r");
    try {
      const stat = await handle.stat();
      // Opening a directory succeeds on Linux; reading it would fail later with a less useful error.
      if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path}`), { code: "EISDIR" });
      return new WindowedFile(handle, stat.size);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  /**
   * The bytes at [offset, offset + length), fewer if the file ends before. The view is valid until the next
   * call; copy what must be kept.
   */
  async bytes(offset: number, length: number): Promise<Buffer> {
    const end = Math.min(offset + length, this.size);
    if (offset < this.windowStart || end > this.windowStart + this.window.length) {
      const want = Math.min(Math.max(end - offset, WindowedFile.WINDOW), this.size - offset);
      const window = Buffer.allocUnsafe(Math.max(want, 0));
      this.window = window.subarray(0, await readFully(this.handle, window, offset)); // short if the file shrank
      this.windowStart = offset;
    }
    return this.window.subarray(offset - this.windowStart, end - this.windowStart);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

/** Fills `buffer` from `position`; returns the number of bytes read, less than the buffer only at the end. */
export async function readFully(handle: FileHandle, buffer: Uint8Array, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
}
