// Panels floating beside the visitor in VR: buttons (a label on a plane, selected by a
// controller's ray) and the commentary's text, painted on canvas textures.
import * as THREE from "three";

function paint(canvas, lines, { background, colour }) {
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = colour;
  ctx.textBaseline = "top";
  const font = (px, weight) => `${weight} ${px}px system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif`;
  let y = 16;
  for (const [index, line] of lines.entries()) {
    const size = index === 0 ? 40 : 30;
    ctx.font = font(size, index === 0 ? 700 : 400);
    // Wrap words (or, for Chinese, characters) to the panel's width.
    let row = "";
    const pieces = /\s/.test(line) ? line.split(/(\s+)/) : [...line];
    for (const piece of pieces) {
      if (ctx.measureText(row + piece).width > canvas.width - 32 && row) {
        ctx.fillText(row.trim(), 16, y);
        y += size * 1.25;
        row = "";
      }
      row += piece;
    }
    ctx.fillText(row.trim(), 16, y);
    y += size * 1.35;
  }
}

// A plane of `width` × `height` metres showing `lines` (the first one bold).
export function makePanel(name, lines, { width = 0.5, height = 0.14, background = "#14213d", colour = "#ffffff", action = null } = {}) {
  const canvas = document.createElement("canvas");
  canvas.width = 512;
  canvas.height = Math.round((512 * height) / width);
  paint(canvas, lines, { background, colour });
  const texture = new THREE.CanvasTexture(canvas);
  texture.colorSpace = THREE.SRGBColorSpace;
  const mesh = new THREE.Mesh(new THREE.PlaneGeometry(width, height), new THREE.MeshBasicMaterial({ map: texture, side: THREE.DoubleSide }));
  mesh.name = name;
  mesh.userData = { kind: "xr-panel", action };
  mesh.setText = (next) => {
    paint(canvas, next, { background, colour });
    texture.needsUpdate = true;
  };
  return mesh;
}

// A group of panels beside the visitor: placed (after each start and teleport) in front
// of the head and a little to the left, at chest height, turned towards it.
export function panelDock(panels) {
  const dock = new THREE.Group();
  dock.name = "xr:panels";
  let y = 0;
  for (const panel of panels) {
    panel.position.y = y;
    y -= panel.geometry.parameters.height + 0.03;
    dock.add(panel);
  }
  dock.place = (head, heading) => {
    const forward = new THREE.Vector3(-Math.sin(heading), 0, -Math.cos(heading));
    const left = new THREE.Vector3(-Math.cos(heading), 0, Math.sin(heading));
    dock.position.set(head.x, 1.45, head.z).addScaledVector(forward, 0.9).addScaledVector(left, 0.55);
    dock.rotation.set(0, heading + 0.5, 0);
    dock.updateMatrixWorld(true);
  };
  return dock;
}
