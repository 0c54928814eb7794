// Colormaps as 256-entry RGB lookup tables, built by linear interpolation through our own anchor
// colors (close to the well-known maps of the same names).

const ANCHORS = {
  Grayscale: [[0, 0, 0], [255, 255, 255]],
  Viridis: [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]],
  Plasma: [[13, 8, 135], [126, 3, 168], [204, 71, 120], [248, 149, 64], [240, 249, 33]],
  Magma: [[0, 0, 4], [81, 18, 124], [183, 55, 121], [252, 137, 97], [252, 253, 191]],
  Inferno: [[0, 0, 4], [87, 16, 110], [188, 55, 84], [249, 142, 9], [252, 255, 164]],
  Turbo: [[48, 18, 59], [70, 131, 247], [26, 228, 182], [163, 253, 60], [250, 186, 57], [228, 70, 11], [122, 4, 3]],
  CyanToYellow: [[0, 255, 255], [128, 128, 128], [255, 255, 0]],
};

/** Names of the available colormaps. */
export const COLORMAP_NAMES = Object.keys(ANCHORS);

const built = new Map();

/** `{name, lut: Uint8Array(768)}` for a colormap name or Rerun Colormap enum value (unknown → Turbo). */
export function colormap(nameOrValue = "Turbo") {
  const byValue = { 1: "Grayscale", 2: "Inferno", 3: "Magma", 4: "Plasma", 5: "Turbo", 6: "Viridis", 7: "CyanToYellow" };
  const name = typeof nameOrValue === "number" ? byValue[nameOrValue] ?? "Turbo" : ANCHORS[nameOrValue] ? nameOrValue : "Turbo";
  if (built.has(name)) return built.get(name);
  const a = ANCHORS[name];
  const lut = new Uint8Array(768);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * (a.length - 1);
    const j = Math.min(a.length - 2, Math.floor(t));
    const f = t - j;
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = Math.round(a[j][c] * (1 - f) + a[j + 1][c] * f);
  }
  const cm = { name, lut };
  built.set(name, cm);
  return cm;
}
