import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeDepth, decodeImage, decodeSegmentation, describeFormat, ImageError } from "../src/data/image.js";
import { colormap } from "../src/data/colormap.js";

const fmt = (width, height, color_model, channel_datatype = 6) => ({ width, height, color_model, channel_datatype });

test("format description from the ImageFormat struct", () => {
  assert.deepEqual(describeFormat([fmt(4, 2, 2, 8)]), { width: 4, height: 2, channels: 3, dtype: "u16", model: "RGB", pixelFormat: null });
});

test("RGB, BGR, RGBA and L u8 images", () => {
  const rgb = decodeImage(new Uint8Array([255, 0, 0, 0, 255, 0]), fmt(2, 1, 2));
  assert.deepEqual([...rgb.rgba], [255, 0, 0, 255, 0, 255, 0, 255]);
  const bgr = decodeImage(new Uint8Array([255, 0, 0]), fmt(1, 1, 4));
  assert.deepEqual([...bgr.rgba], [0, 0, 255, 255]);
  const rgba = decodeImage(new Uint8Array([1, 2, 3, 4]), fmt(1, 1, 3));
  assert.deepEqual([...rgba.rgba], [1, 2, 3, 4]);
  const l = decodeImage(new Uint8Array([7]), fmt(1, 1, 1));
  assert.deepEqual([...l.rgba], [7, 7, 7, 255]);
});

test("u16 and f32 images are scaled", () => {
  const u16 = decodeImage(new Uint8Array(new Uint16Array([65535, 0]).buffer), fmt(2, 1, 1, 8));
  assert.deepEqual([...u16.rgba], [255, 255, 255, 255, 0, 0, 0, 255]);
  const f = decodeImage(new Uint8Array(new Float32Array([0, 0.5, 1]).buffer), fmt(1, 1, 2, 34));
  assert.deepEqual([...f.rgba], [0, 128, 255, 255]);
});

test("short buffers throw", () => {
  assert.throws(() => decodeImage(new Uint8Array(2), fmt(2, 1, 2)), ImageError);
});

test("depth through a colormap, zeros transparent; segmentation by class color", () => {
  const d = decodeDepth(new Uint8Array(new Uint16Array([0, 1000, 2000]).buffer), fmt(3, 1, null, 8), colormap("Grayscale"));
  assert.deepEqual([...d.rgba], [0, 0, 0, 0, 0, 0, 0, 255, 255, 255, 255, 255]);
  const s = decodeSegmentation(new Uint8Array([0, 1]), fmt(2, 1, null), (id) => (id ? [9, 8, 7, 255] : [0, 0, 0, 0]));
  assert.deepEqual([...s.rgba], [0, 0, 0, 0, 9, 8, 7, 255]);
  assert.equal(colormap(5).name, "Turbo");
  assert.equal(colormap("Viridis").lut.length, 768);
});
