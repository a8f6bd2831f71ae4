import { constants } from 'node:fs';
import { lstat, open, readFile, readdir, realpath } from 'node:fs/promises';
import type { DirectoryReader } from './ports';

/**
 * The release sources' file-system port on Node's `fs`. `readRegularFile` checks the file it opened,
 * not the name it was given: O_NONBLOCK keeps a FIFO from waiting for a writer, O_NOFOLLOW refuses a
 * symlink swapped in after the listing (both flags are 0 on platforms without them), and the size is
 * checked before and while reading.
 */
export const nodeDirectoryReader: DirectoryReader = {
  readFile: (p) => readFile(p, 'utf8'),
  readDirectory: (p) => readdir(p),
  entryInfo: async (p) => {
    const s = await lstat(p);
    return { type: s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other', size: s.size };
  },
  realPath: (p) => realpath(p),
  readRegularFile: async (p, maxBytes) => {
    const handle = await open(p, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    try {
      const s = await handle.stat();
      if (!s.isFile()) throw new Error('it is not a regular file; not read');
      if (s.size > maxBytes) throw new Error(`it has ${s.size} bytes, more than ${maxBytes}; not read`);
      const buf = Buffer.alloc(s.size + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buf, total, buf.length - total, total);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > s.size) throw new Error('it grew while being read; not read');
      }
      return buf.subarray(0, total).toString('utf8');
    } finally {
      await handle.close();
    }
  },
};
