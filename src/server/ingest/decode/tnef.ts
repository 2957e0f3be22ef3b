// The files inside an Outlook TNEF attachment (winmail.dat, application/ms-tnef). Outlook in rich-text
// mode wraps a customer's screenshots and statements in it, and mail readers that cannot open it show
// one opaque file. Format: [MS-OXTNEF]. No TNEF reader on npm is maintained, so this one reads only what
// we need: each attachment's name, type and bytes. Embedded Outlook messages and OLE objects are
// counted, not unpacked; the winmail.dat itself stays inside the sealed original.
import iconv from "iconv-lite";

export type TnefFile = { filename: string; contentType: string | null; content: Buffer };
/** `tooMany`: reading stopped at MAX_TNEF_FILES attachments (a crafted stream can hold a million). */
export type TnefContents = { files: TnefFile[]; notUnpacked: number; damaged: boolean; tooMany: boolean };

export const MAX_TNEF_FILES = 1000;

export class TnefError extends Error {}

const SIGNATURE = 0x223e9f78;

// Attribute ids (type << 16 | id), [MS-OXTNEF] 2.1.3.3.
const ATT_ATTACH_REND_DATA = 0x00069002; // starts each attachment
const ATT_ATTACH_TITLE = 0x00018010;
const ATT_ATTACH_DATA = 0x0006800f;
const ATT_ATTACHMENT = 0x00069005; // the attachment's MAPI properties
const ATT_OEM_CODEPAGE = 0x00069007;

// MAPI property ids and types, [MS-OXPROPS] / [MS-OXCDATA].
const PR_DISPLAY_NAME = 0x3001;
const PR_ATTACH_DATA = 0x3701;
const PR_ATTACH_FILENAME = 0x3704;
const PR_ATTACH_METHOD = 0x3705;
const PR_ATTACH_LONG_FILENAME = 0x3707;
const PR_ATTACH_MIME_TAG = 0x370e;
const ATTACH_BY_VALUE = 1;

const PT_STRING8 = 0x001e;
const PT_UNICODE = 0x001f;
const PT_BINARY = 0x0102;
const PT_OBJECT = 0x000d;
const MULTI_VALUED = 0x1000;
const FIXED_SIZE: Record<number, number> = {
  0x0002: 2, 0x0003: 4, 0x0004: 4, 0x0005: 8, 0x0006: 8, 0x0007: 8, 0x000a: 4, 0x000b: 2, 0x0014: 8, 0x0040: 8, 0x0048: 16,
};

type Attachment = { title?: string; data?: Buffer; props: Map<number, MapiValue> };
type MapiValue = { type: number; value: Buffer | number };

export function isTnef(contentType: string | null | undefined, filename: string | null | undefined): boolean {
  return /^application\/(vnd\.)?ms-tnef$/i.test(contentType ?? "") || /^winmail\.dat$/i.test(filename ?? "");
}

export function readTnef(data: Buffer): TnefContents {
  if (data.length < 6 || data.readUInt32LE(0) !== SIGNATURE) throw new TnefError("not a TNEF stream (no signature)");
  let codepage = 1252;
  const attachments: Attachment[] = [];
  let damaged = false;
  let tooMany = false;
  let offset = 6; // signature, then a 2-byte key
  while (offset < data.length) {
    // level (1), attribute id (4), length (4), data, checksum (2)
    if (offset + 9 > data.length) {
      damaged = true;
      break;
    }
    const id = data.readUInt32LE(offset + 1);
    const length = data.readUInt32LE(offset + 5);
    const start = offset + 9;
    if (start + length + 2 > data.length) {
      damaged = true;
      break;
    }
    const value = data.subarray(start, start + length);
    offset = start + length + 2;
    if (id === ATT_OEM_CODEPAGE && length >= 4) codepage = value.readUInt32LE(0);
    else if (id === ATT_ATTACH_REND_DATA) {
      if (attachments.length === MAX_TNEF_FILES) {
        tooMany = true;
        break;
      }
      attachments.push({ props: new Map() });
    }
    else if (attachments.length) {
      const current = attachments[attachments.length - 1]!;
      if (id === ATT_ATTACH_TITLE) current.title = decode8bit(value, codepage);
      else if (id === ATT_ATTACH_DATA) current.data = value;
      else if (id === ATT_ATTACHMENT) {
        try {
          readMapiProps(value, current.props);
        } catch {
          damaged = true;
        }
      }
    }
  }
  const files: TnefFile[] = [];
  let notUnpacked = 0;
  for (const [i, a] of attachments.entries()) {
    const method = a.props.get(PR_ATTACH_METHOD)?.value;
    const content = a.data ?? bufferProp(a.props.get(PR_ATTACH_DATA));
    if ((typeof method === "number" && method !== ATTACH_BY_VALUE) || !content) {
      notUnpacked++;
      continue;
    }
    const filename = stringProp(a.props.get(PR_ATTACH_LONG_FILENAME), codepage)
      || stringProp(a.props.get(PR_ATTACH_FILENAME), codepage)
      || a.title
      || stringProp(a.props.get(PR_DISPLAY_NAME), codepage)
      || `attachment-${i + 1}.bin`;
    files.push({ filename, contentType: stringProp(a.props.get(PR_ATTACH_MIME_TAG), codepage) || null, content });
  }
  return { files, notUnpacked, damaged, tooMany };
}

/** A MAPI property list ([MS-OXTNEF] 2.1.3.4): count, then type, id, optional name, value(s). */
function readMapiProps(buf: Buffer, into: Map<number, MapiValue>): void {
  let offset = 0;
  const u32 = () => {
    if (offset + 4 > buf.length) throw new TnefError("MAPI properties cut short");
    const v = buf.readUInt32LE(offset);
    offset += 4;
    return v;
  };
  const count = u32();
  for (let n = 0; n < count && offset < buf.length; n++) {
    if (offset + 4 > buf.length) throw new TnefError("MAPI properties cut short");
    const rawType = buf.readUInt16LE(offset);
    const id = buf.readUInt16LE(offset + 2);
    offset += 4;
    if (id >= 0x8000) {
      // Named property: GUID, then a number or a name; never one we read.
      offset += 16;
      const kind = u32();
      if (kind === 0) offset += 4;
      else {
        const nameLength = u32();
        offset += nameLength + ((4 - (nameLength % 4)) % 4);
      }
    }
    const type = rawType & ~MULTI_VALUED;
    const variable = type === PT_STRING8 || type === PT_UNICODE || type === PT_BINARY || type === PT_OBJECT;
    const values = rawType & MULTI_VALUED || variable ? u32() : 1;
    if (values > buf.length) throw new TnefError("MAPI property count out of range");
    for (let v = 0; v < values; v++) {
      const size = variable ? u32() : FIXED_SIZE[type];
      if (size === undefined) throw new TnefError(`unknown MAPI property type 0x${type.toString(16)}`);
      if (offset + size > buf.length) throw new TnefError("MAPI property value cut short");
      const value = buf.subarray(offset, offset + size);
      if (v === 0) into.set(id, { type, value: type === 0x0003 ? value.readInt32LE(0) : value });
      offset += size + ((4 - (size % 4)) % 4);
    }
  }
}

function decode8bit(bytes: Buffer, codepage: number): string {
  const encoding = iconv.encodingExists(`cp${codepage}`) ? `cp${codepage}` : "win1252";
  return iconv.decode(bytes, encoding).replace(/\0.*$/s, "").trim();
}

function stringProp(prop: MapiValue | undefined, codepage: number): string {
  if (!prop || typeof prop.value === "number") return "";
  if (prop.type === PT_UNICODE) return prop.value.toString("utf16le").replace(/\0.*$/s, "").trim();
  if (prop.type === PT_STRING8) return decode8bit(prop.value, codepage);
  return "";
}

function bufferProp(prop: MapiValue | undefined): Buffer | undefined {
  return prop && prop.type === PT_BINARY && typeof prop.value !== "number" ? prop.value : undefined;
}
