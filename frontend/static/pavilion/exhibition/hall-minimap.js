// The hall page's minimap: a top view of the street (the avenue, every booth, the camera
// and where it looks), drawn on a 2D canvas after each frame. `points`: [id, x, z] per booth,
// computed once (a thousand booths cost no matrix work per frame).
export function drawMinimap(minimap, { bounds, points, hovered, position, yaw }) {
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
  const size = points.length > 300 ? 2 : 3;
  ctx.fillStyle = "#1d4ed8";
  for (const [id, x, z] of points) if (id !== hovered) ctx.fillRect(mx(x) - size / 2, mz(z) - size / 2, size, size);
  const lit = points.find(([id]) => id === hovered);
  if (lit) {
    ctx.fillStyle = "#f59e0b";
    ctx.fillRect(mx(lit[1]) - 2, mz(lit[2]) - 2, 4, 4);
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
