import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import type { PropProblem } from "../shared/errors";

/**
 * A folder zipped as Lambda takes it, byte for byte the same for the same files whatever their
 * modification times, the checkout or the machine's locale (for one zlib: Node's bundled one).
 */
export interface FolderPackage {
  /** The zip archive. */
  readonly zip: Buffer;
  /** SHA-256 of the zip, hex: names the package file. */
  readonly sha256Hex: string;
  /** SHA-256 of the zip, base64: what Lambda reports as `CodeSha256`, the function's `source_code_hash`. */
  readonly sha256Base64: string;
  /** The archived files' paths, sorted, `/`-separated. */
  readonly entries: readonly string[];
  /** The files' total size before compression, in bytes. */
  readonly unzippedBytes: number;
}

/** One file to archive: its path in the zip, where it is, and whether it is executable. */
interface PackageFile {
  readonly name: string;
  readonly source: string;
  readonly executable: boolean;
}

/** One file to archive from memory: its path in the zip (`/`-separated, relative), its bytes, whether it is executable. */
export interface PackageEntry {
  readonly name: string;
  readonly data: Uint8Array;
  readonly executable: boolean;
}

/** What the zip writer takes: a name, the executable bit, and the bytes, read when the file's turn comes. */
interface ZipInput {
  readonly name: string;
  readonly executable: boolean;
  readonly read: () => Uint8Array;
}

/** Directory names left out wherever they are: Python's bytecode caches. */
const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set(["__pycache__"]);

/**
 * Whether a file or folder is left out of the package: dotfiles and dotfolders (`.git`, `.env`,
 * `.DS_Store`, `.venv`, `node_modules/.cache`), `__pycache__` folders and `*.pyc` files.
 */
export function isSkipped(name: string, isDirectory: boolean): boolean {
  if (name.startsWith(".")) return true;
  if (isDirectory) return SKIPPED_DIRECTORIES.has(name);
  return name.endsWith(".pyc");
}

/** Code-unit order: the same on every machine (`localeCompare` is not). */
function byName(a: { readonly name: string }, b: { readonly name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The files of a folder to archive, sorted by path; symbolic links are followed (a loop is refused). */
function filesOf(folder: string): PackageFile[] {
  const files: PackageFile[] = [];
  const visiting = new Set<string>();
  const walk = (directory: string, prefix: string) => {
    const real = fs.realpathSync(directory);
    if (visiting.has(real)) throw new Error(`lambda package of ${folder}: ${directory} links back to a folder it is in`);
    visiting.add(real);
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const source = path.join(directory, entry.name);
      let stat: fs.Stats;
      try {
        stat = entry.isSymbolicLink() ? fs.statSync(source) : fs.lstatSync(source);
      } catch {
        throw new Error(`lambda package of ${folder}: ${source} is a symbolic link to nothing`);
      }
      if (isSkipped(entry.name, stat.isDirectory())) continue;
      const name = `${prefix}${entry.name}`;
      if (stat.isDirectory()) walk(source, `${name}/`);
      else if (stat.isFile()) files.push({ name, source, executable: (stat.mode & 0o111) !== 0 });
    }
    visiting.delete(real);
  };
  walk(folder, "");
  return files.sort(byName);
}

/** 1980-01-01 00:00 in MS-DOS form, the earliest a zip can hold: every entry's time. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
/** Bit 11 of the flags: the name is UTF-8. */
const UTF8_NAME = 0x0800;
const STORED = 0;
const DEFLATED = 8;
/** Version 2.0 of the format: deflate, folders. */
const VERSION_NEEDED = 20;
/** "Made by" Unix (3), version 2.0: the external attributes hold Unix permissions. */
const VERSION_MADE_BY = (3 << 8) | VERSION_NEEDED;
const REGULAR_FILE = 0o100000;
/** The zip format without its 64-bit extension counts entries in 16 bits and offsets in 32. */
const MAX_ENTRIES = 0xffff;
const MAX_OFFSET = 0xffffffff;

/** What a file's local header and its central directory record both hold, in the same order. */
interface EntryFields {
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedBytes: number;
  readonly bytes: number;
  readonly nameBytes: number;
}

/** Writes the fields both headers share (flags to name length, 26 bytes) at `at`; the time is the fixed one. */
function writeEntryFields(header: Buffer, at: number, entry: EntryFields): void {
  header.writeUInt16LE(entry.flags, at);
  header.writeUInt16LE(entry.method, at + 2);
  header.writeUInt16LE(DOS_TIME, at + 4);
  header.writeUInt16LE(DOS_DATE, at + 6);
  header.writeUInt32LE(entry.crc, at + 8);
  header.writeUInt32LE(entry.compressedBytes, at + 12);
  header.writeUInt32LE(entry.bytes, at + 16);
  header.writeUInt16LE(entry.nameBytes, at + 20);
}

/**
 * Zips a folder in this process, deterministically: entries sorted by path with `/` separators,
 * every time 1980-01-01 00:00, permissions 0644 (0755 for a file executable in the source), no
 * folder entries, no extra fields; each file deflated, or stored when deflating does not shrink
 * it. Leaves out what {@link isSkipped} names. Reads the folder every time: see {@link packageFolder}.
 */
export function zipFolder(folder: string): FolderPackage {
  return writeZip(
    folder,
    filesOf(folder).map((file) => ({ name: file.name, executable: file.executable, read: () => fs.readFileSync(file.source) })),
  );
}

/** A name an in-memory file may have in a package: relative, `/`-separated, no empty, `.` or `..` part. */
const ENTRY_NAME = /^(?!.*(?:^|\/)\.{1,2}(?:\/|$))[^/\\\0]+(?:\/[^/\\\0]+)*$/;

/**
 * Zips files held in memory exactly as {@link zipFolder} zips a folder's (the same writer): sorted
 * by name in code-unit order, the same bytes for the same files. `label` names the package in
 * errors. Names must be relative `/`-separated paths, each once.
 */
export function zipEntries(label: string, entries: readonly PackageEntry[]): FolderPackage {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (!ENTRY_NAME.test(entry.name)) throw new Error(`lambda package of ${label}: ${JSON.stringify(entry.name)} is not a relative /-separated path`);
    if (seen.has(entry.name)) throw new Error(`lambda package of ${label}: ${entry.name} is given twice`);
    seen.add(entry.name);
  }
  return writeZip(
    label,
    [...entries].sort(byName).map((entry) => ({ name: entry.name, executable: entry.executable, read: () => entry.data })),
  );
}

/** The deterministic zip writer behind {@link zipFolder} and {@link zipEntries}; `files` sorted by name. */
function writeZip(label: string, files: readonly ZipInput[]): FolderPackage {
  const folder = label;
  if (files.length > MAX_ENTRIES) throw new Error(`lambda package of ${folder}: ${files.length} files, more than a zip without its 64-bit extension holds (${MAX_ENTRIES})`);
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  let unzippedBytes = 0;
  for (const file of files) {
    const read = file.read();
    const data = Buffer.isBuffer(read) ? read : Buffer.from(read.buffer, read.byteOffset, read.byteLength);
    unzippedBytes += data.length;
    const deflated = deflateRawSync(data);
    const [method, body] = deflated.length < data.length ? [DEFLATED, deflated] : [STORED, data];
    const name = Buffer.from(file.name, "utf8");
    const flags = /^[\x20-\x7e]*$/.test(file.name) ? 0 : UTF8_NAME;
    const crc = crc32(data);
    const entry: EntryFields = { flags, method, crc, compressedBytes: body.length, bytes: data.length, nameBytes: name.length };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    writeEntryFields(local, 6, entry);
    // Extra field length: 0.
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(VERSION_MADE_BY, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    writeEntryFields(central, 8, entry);
    // Extra field and comment lengths, disk number, internal attributes: all 0.
    central.writeUInt32LE(((REGULAR_FILE | (file.executable ? 0o755 : 0o644)) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += local.length + name.length + body.length;
    if (offset > MAX_OFFSET) throw new Error(`lambda package of ${folder}: over 4 GiB, more than a zip without its 64-bit extension holds`);
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  const zip = Buffer.concat([...locals, directory, end]);
  const digest = createHash("sha256").update(zip).digest();
  return {
    zip,
    sha256Hex: digest.toString("hex"),
    sha256Base64: digest.toString("base64"),
    entries: files.map((f) => f.name),
    unzippedBytes,
  };
}

/** The largest zip Lambda takes uploaded directly (not through S3), in bytes: 50 MB. */
export const MAX_ZIP_BYTES = 50 * 1024 * 1024;
/** The most code a function may hold unzipped, in bytes: 250 MB. */
export const MAX_UNZIPPED_BYTES = 250 * 1024 * 1024;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * What is wrong with a package's size for Lambda (nothing when it fits), under `code.folder`, or
 * `code.entry` for a bundle (`source` is then the entry file).
 */
export function packageSizeProblems(
  source: string,
  pkg: Pick<FolderPackage, "zip" | "unzippedBytes">,
  prop: "code.folder" | "code.entry" = "code.folder",
): PropProblem[] {
  const problems: PropProblem[] = [];
  const bundle = prop === "code.entry";
  if (pkg.zip.length > MAX_ZIP_BYTES) {
    problems.push({
      prop,
      expected: bundle
        ? `must bundle and zip to at most ${MAX_ZIP_BYTES / 1024 / 1024} MB, what Lambda takes uploaded directly; import less (a package's subpath rather than its index), or ship an image`
        : `must zip to at most ${MAX_ZIP_BYTES / 1024 / 1024} MB, what Lambda takes uploaded directly; leave development files out of the folder, or ship an image`,
      given: `${source} (${megabytes(pkg.zip.length)} zipped)`,
    });
  }
  if (pkg.unzippedBytes > MAX_UNZIPPED_BYTES) {
    problems.push({
      prop,
      expected: `must hold at most ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB of files, Lambda's limit for unzipped code; ship an image instead (up to 10 GB)`,
      given: `${source} (${megabytes(pkg.unzippedBytes)} unzipped)`,
    });
  }
  return problems;
}

const packaged = new Map<string, FolderPackage>();

/**
 * {@link zipFolder}, once per folder per process: two functions (or two stacks) with the same
 * folder share one package. The folder is read the first time only, so a process that changes
 * the folder after packaging it (none of `cdktf synth`, the tests or the scripts does) keeps the
 * first package.
 */
export function packageFolder(folder: string): FolderPackage {
  const key = path.resolve(folder);
  let found = packaged.get(key);
  if (found === undefined) {
    found = zipFolder(key);
    packaged.set(key, found);
  }
  return found;
}

/** Where packages are written under an app's output folder: `<outdir>/.packages/<sha256>.zip`. */
export const PACKAGES_FOLDER = ".packages";

/**
 * Writes a package to `<outdir>/.packages/<sha256 hex>.zip` unless that file is there already
 * (its name is its content's hash: it is never rewritten), and returns its absolute path. The
 * file is written under a temporary name and renamed, so a process running beside this one
 * never reads half of it.
 */
export function writePackage(outdir: string, pkg: FolderPackage): string {
  const folder = path.resolve(outdir, PACKAGES_FOLDER);
  const file = path.join(folder, `${pkg.sha256Hex}.zip`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(folder, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, pkg.zip);
  fs.renameSync(temporary, file);
  return file;
}
