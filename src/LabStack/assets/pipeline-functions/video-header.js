// The AI pipeline's video length check (AiPipeline/VideoHeaderReader.cs): the duration of an MP4 or MOV upload, read
// from its movie header before any Rekognition job starts, with ranged reads of the version the workflow described
// (If-Match its ETag). Step Functions cannot do this itself: it hands an S3 body over as UTF-8 text, which loses the
// binary sizes and times the header is made of.
// ISO/IEC 14496-12 (MP4) and QuickTime (MOV) files are a sequence of boxes, each a 32-bit big-endian size (1: a 64-bit
// size follows the type; 0: to the end of the file) and a 4-character type. The moov box (the index) holds mvhd, whose
// version 0 has a 32-bit timescale and duration at bytes 12 and 16 of its body, version 1 a 32-bit timescale at 20 and a
// 64-bit duration at 24. moov comes before the media (mdat) in a file written for streaming (+faststart) and after it in
// ffmpeg's and most cameras' default: the top-level boxes are walked by their headers, one small read each, so neither
// the media nor the whole file is read, and at most MAX_READS reads are made. Anything else is "not a video", with why.
const MAX_READS = 16;
const FIRST = ["ftyp", "moov", "mdat", "free", "skip", "wide", "pnot", "uuid"];

function notVideo(reason, reads) {
  return { is_video: false, reason, seconds: -1, brand: "", index_offset: -1, reads, poll_seconds: 0 };
}

async function measure(send, GetObjectCommand, event) {
  let reads = 0;
  const read = async (start, length) => {
    reads++;
    const end = Math.min(start + length, event.bytes) - 1;
    const answer = await send(new GetObjectCommand({ Bucket: event.bucket, Key: event.key, IfMatch: event.etag, Range: `bytes=${start}-${end}` }));
    return Buffer.from(await answer.Body.transformToByteArray());
  };
  const box = async (at, end) => {
    const head = await read(at, 16);
    if (head.length < 8) return null;
    let size = head.readUInt32BE(0);
    let header = 8;
    const type = head.toString("latin1", 4, 8);
    if (size === 1) {
      if (head.length < 16) return null;
      size = Number(head.readBigUInt64BE(8));
      header = 16;
    } else if (size === 0) {
      size = end - at;
    }
    return { type, at, size, header, head, bad: size < header || at + size > end };
  };
  const tooMany = () => notVideo(`no movie header (moov/mvhd) within ${MAX_READS} reads of box headers`, reads);

  let brand = "";
  for (let at = 0; at < event.bytes; ) {
    if (reads >= MAX_READS) return tooMany();
    const b = await box(at, event.bytes);
    if (!b || !/^[a-z0-9 ]{4}$/i.test(b.type) || (at === 0 && !FIRST.includes(b.type))) {
      return notVideo(`no MP4 or QuickTime box at byte ${at}: not an MP4 or MOV file`, reads);
    }
    if (b.bad) return notVideo(`the ${b.type} box at byte ${at} claims ${b.size} bytes, past the end of the file: cut short or damaged`, reads);
    if (b.type === "ftyp") brand = b.head.toString("latin1", 8, 12).trim();
    if (b.type === "moov") {
      for (let child = at + b.header; child < at + b.size; ) {
        if (reads >= MAX_READS) return tooMany();
        const c = await box(child, at + b.size);
        if (!c || c.bad) return notVideo(`the movie index (moov at byte ${at}) is damaged at byte ${child}`, reads);
        if (c.type === "mvhd") {
          const body = await read(child + c.header, 32);
          const v1 = body[0] === 1;
          if (body.length < (v1 ? 32 : 20)) return notVideo("the movie header (mvhd) is cut short", reads);
          const scale = body.readUInt32BE(v1 ? 20 : 12);
          const raw = v1 ? body.readBigUInt64BE(24) : BigInt(body.readUInt32BE(16));
          if (!scale || !raw || raw === (v1 ? 0xffffffffffffffffn : 0xffffffffn)) {
            return notVideo(`the movie header gives no duration (timescale ${scale}, duration ${raw}): a fragmented or still-recording file?`, reads);
          }
          const seconds = Number(raw) / scale;
          return { is_video: true, reason: "", seconds, brand, index_offset: at, reads,
            poll_seconds: event.poll.base + Math.ceil((seconds / 60) * event.poll.per_minute) };
        }
        child += c.size;
      }
      return notVideo(`the movie index (moov at byte ${at}) has no movie header (mvhd)`, reads);
    }
    at += b.size;
  }
  return notVideo("no movie index (moov box): not an MP4 or MOV video, or cut short", reads);
}

exports.measure = measure;
exports.handler = async (event) => {
  const { S3Client, GetObjectCommand } = require("@aws-sdk/client-s3");
  const s3 = new S3Client({});
  return measure((command) => s3.send(command), GetObjectCommand, event);
};
