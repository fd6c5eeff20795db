// Small WebRTC helpers shared by the stage player, the go-live view and calls
// (DOM helpers are in dom.js).

// The server (aiortc) reads candidates from the SDP and does not take trickled ones for its
// answer: wait until the browser has gathered them all (or give up after `timeoutMs`).
export function iceGatheringComplete(pc, timeoutMs = 3000) {
  if (pc.iceGatheringState === "complete") return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      pc.removeEventListener("icegatheringstatechange", check);
      clearTimeout(timer);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === "complete") done();
    };
    const timer = setTimeout(done, timeoutMs);
    pc.addEventListener("icegatheringstatechange", check);
  });
}

export function stopStream(stream) {
  if (!stream) return;
  for (const track of stream.getTracks()) track.stop();
}

// Offer `pc` to a stage with `rtc.publish` (`fields`: e.g. an interpreter's {language}) once
// its candidates are gathered; the caller applies the ack's answer after noting its id.
export async function offerToStage(client, slug, pc, fields = {}) {
  await pc.setLocalDescription(await pc.createOffer());
  await iceGatheringComplete(pc);
  return client.request("rtc.publish", { room: slug, sdp: pc.localDescription.sdp, ...fields });
}
