// Generates the sample images for the AI pipeline: street-sign.png (a red sign with text, for Rekognition's
// label and text detection) and shapes.png (shapes, no text). Drawn here from a 5x7 bitmap font, so they are
// public domain by construction and identical on every machine.
//   node generate-images.mjs            rewrite the PNG files
//   node generate-images.mjs --check    exit 1 if a committed file differs from what this script draws
import { readFileSync, writeFileSync } from "node:fs";
import { deflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";

const FONT = {
  A: ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
  B: ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
  I: ["11111", "00100", "00100", "00100", "00100", "00100", "11111"],
  L: ["10000", "10000", "10000", "10000", "10000", "10000", "11111"],
  M: ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
  N: ["10001", "11001", "10101", "10011", "10001", "10001", "10001"],
  O: ["01110", "10001", "10001", "10001", "10001", "10001", "01110"],
  P: ["11110", "10001", "10001", "11110", "10000", "10000", "10000"],
  S: ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
  T: ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
  " ": ["00000", "00000", "00000", "00000", "00000", "00000", "00000"],
};

function canvas(width, height, [r, g, b]) {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.set([r, g, b], i * 3);
  const set = (x, y, color) => {
    if (x >= 0 && y >= 0 && x < width && y < height) pixels.set(color, (y * width + x) * 3);
  };
  return {
    width, height, pixels,
    rect(x0, y0, w, h, color) { for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, color); },
    circle(cx, cy, radius, color) {
      for (let y = cy - radius; y <= cy + radius; y++) for (let x = cx - radius; x <= cx + radius; x++)
        if ((x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2) set(x, y, color);
    },
    text(message, x0, y0, scale, color) {
      [...message].forEach((ch, i) => FONT[ch].forEach((row, y) => [...row].forEach((bit, x) => {
        if (bit === "1") this.rect(x0 + (i * 6 + x) * scale, y0 + y * scale, scale, scale, color);
      })));
    },
  };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => (bytes.reduce((c, b) => CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function png({ width, height, pixels }) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  const rows = Buffer.concat(Array.from({ length: height }, (_, y) =>
    Buffer.concat([Buffer.from([0]), pixels.subarray(y * width * 3, (y + 1) * width * 3)])));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows, { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

const sign = canvas(480, 360, [112, 160, 208]);
sign.rect(200, 230, 80, 130, [90, 90, 90]);
sign.rect(60, 40, 360, 200, [200, 20, 30]);
sign.rect(72, 52, 336, 176, [220, 30, 40]);
sign.text("STOP", 108, 70, 12, [255, 255, 255]);
sign.text("MAIN ST", 138, 180, 5, [255, 255, 255]);

const shapes = canvas(480, 360, [245, 240, 225]);
shapes.circle(130, 180, 90, [40, 120, 200]);
shapes.rect(260, 90, 160, 160, [230, 170, 30]);
shapes.circle(340, 300, 40, [60, 170, 90]);

const images = { "street-sign.png": png(sign), "shapes.png": png(shapes) };
const check = process.argv.includes("--check");
let stale = 0;
for (const [name, bytes] of Object.entries(images)) {
  const path = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (!check) writeFileSync(path, bytes);
  else if (!readFileSync(path).equals(bytes)) {
    console.error(`${name} differs from what generate-images.mjs draws`);
    stale++;
  }
}
process.exit(stale ? 1 : 0);
