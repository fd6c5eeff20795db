// Simulive (docs/streams.md): on a stage with a pre-recorded video, its moderators switch
// between the video (at its live position) and a live speaker (`stage.source`). The two
// buttons live in the go-live panel; the server refuses anyone but a moderator.

export function createSimuliveSwitch({ client, slug, config, t, notice }) {
  const group = document.getElementById("stage-source");
  if (!group || !config.stage?.simulive) return;
  group.hidden = false;
  for (const button of group.querySelectorAll("button[data-source]")) {
    button.addEventListener("click", async () => {
      try {
        const ack = await client.request("stage.source", { room: slug, source: button.dataset.source });
        group.dataset.source = ack.source;
        notice(ack.source === "video" ? t("showing_video") : t("showing_speaker"));
      } catch (error) {
        notice(error.message);
      }
    });
  }
}
