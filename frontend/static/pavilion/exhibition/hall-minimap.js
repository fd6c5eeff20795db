// The hall page's minimap: a top view of the street (the avenue, every booth, the camera
// and where it looks), drawn on a 2D canvas after each frame.
import * as THREE from "three";

export function drawMinimap(minimap, { bounds, booths, hovered, position, yaw }) {
  const ctx = minimap.getContext("2d");
  const w = minimap.width;
  const h = minimap.height;
  const sx = w / (bounds.maxX - bounds.minX);
  const sz = h / (bounds.maxZ - bounds.minZ);
  const mx = (x) => (x - bounds.minX) * sx;
  const mz = (z) => (z - bounds.minZ) * sz;
  ctx.clearRect(0, 0, w, h);
  ctx.fillStyle = "#9ca3af";
  ctx.fillRect(0, mz(5), w, Math.max(2, 10 * sz));
  for (const [id, group] of booths) {
    const p = group.getWorldPosition(new THREE.Vector3());
    ctx.fillStyle = id === hovered ? "#f59e0b" : "#1d4ed8";
    ctx.fillRect(mx(p.x) - 1.5, mz(p.z) - 1.5, 3, 3);
  }
  const p = position;
  ctx.fillStyle = "#dc2626";
  ctx.beginPath();
  ctx.arc(mx(p.x), mz(p.z), 4, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = "#dc2626";
  ctx.beginPath();
  ctx.moveTo(mx(p.x), mz(p.z));
  ctx.lineTo(mx(p.x - Math.sin(yaw) * 12 / sx), mz(p.z - Math.cos(yaw) * 12 / sz));
  ctx.stroke();
}
