// Input mapping of the hall walk, and the hover tint of a booth: pure helpers.

// Keyboard: arrows/WASD walk and turn, + - PageUp PageDown rise and descend.
const KEYS = {
  ArrowUp: "forward",
  KeyW: "forward",
  ArrowDown: "back",
  KeyS: "back",
  KeyA: "left",
  KeyD: "right",
  ArrowLeft: "turn-left",
  KeyQ: "turn-left",
  ArrowRight: "turn-right",
  KeyE: "turn-right",
  PageUp: "rise",
  Equal: "rise",
  NumpadAdd: "rise",
  PageDown: "descend",
  Minus: "descend",
  NumpadSubtract: "descend",
};

export function actionOf(event) {
  if (event.key === "+") return "rise";
  if (event.key === "-") return "descend";
  return KEYS[event.code] || KEYS[event.key] || null;
}

// A highlighted copy of a material (cached: a booth's meshes share a dozen materials).
const highlightMaterials = new Map(); // original material uuid -> highlighted clone

export function highlighted(material) {
  if (!highlightMaterials.has(material.uuid)) {
    const clone = material.clone();
    if (clone.emissive) clone.emissive.setHex(0x8a5a00);
    else if (clone.color) clone.color.offsetHSL(0, 0, 0.25);
    highlightMaterials.set(material.uuid, clone);
  }
  return highlightMaterials.get(material.uuid);
}
