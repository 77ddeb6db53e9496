#!/usr/bin/env node
// Draws the add-in icons (assets/icon-{16,32,64,80,128}.png) without any image library:
// a teal rounded square with three rising bars (leverage). Run once; the PNGs are committed.
import fs from "node:fs";
import zlib from "node:zlib";

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(size) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  const r = size * 0.18; // corner radius
  const bars = [0.3, 0.55, 0.8]; // bar heights as a fraction of the inner box
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const o = y * (size * 4 + 1) + 1 + x * 4;
      const cx = Math.min(x + 0.5, size - x - 0.5),
        cy = Math.min(y + 0.5, size - y - 0.5);
      const inside = cx >= r || cy >= r || (r - cx) ** 2 + (r - cy) ** 2 <= r * r;
      if (!inside) continue; // transparent corner
      let [R, G, B] = [0x0f, 0x6c, 0x73]; // teal
      const u = x / size,
        v = 1 - (y + 0.5) / size;
      for (let i = 0; i < 3; i++) {
        const x0 = 0.2 + i * 0.22;
        if (u >= x0 && u < x0 + 0.15 && v >= 0.18 && v < 0.18 + bars[i] * 0.7)
          [R, G, B] = [0xff, 0xff, 0xff];
      }
      raw[o] = R;
      raw[o + 1] = G;
      raw[o + 2] = B;
      raw[o + 3] = 255;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6; // 8-bit RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", zlib.deflateSync(raw)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
for (const s of [16, 32, 64, 80, 128])
  fs.writeFileSync(new URL(`../assets/icon-${s}.png`, import.meta.url), png(s));
console.log("icons written");
