// The hall page's booth search: typing filters the booth list (by number or name, in the
// page's language) and opens the zones with matches; Enter flies to the first match (it
// takes the focus, and a focused booth link is shown in 3D: hall-walk.js). Works for a
// thousand booths: one pass over the links per keystroke, no layout per link.
export function wireBoothSearch({ form, input, list }) {
  const links = [...list.querySelectorAll("a[data-booth-id]")];
  const items = links.map((link) => ({ link, item: link.closest("li"), text: link.textContent.toLowerCase() }));
  const groups = [...list.querySelectorAll("details.zone-group")];
  const initiallyOpen = groups.map((group) => group.open);

  function filter() {
    const query = input.value.trim().toLowerCase();
    for (const { item, text } of items) item.hidden = Boolean(query) && !text.includes(query);
    groups.forEach((group, i) => {
      group.open = query ? Boolean(group.querySelector("li:not([hidden])")) : initiallyOpen[i];
    });
    list.dataset.matches = String(query ? items.filter(({ item }) => !item.hidden).length : items.length);
  }

  input.addEventListener("input", filter);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    filter();
    const first = items.find(({ item }) => !item.hidden);
    if (first) first.link.focus();
  });
}
