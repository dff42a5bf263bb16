// Progressive enhancement for the Consortia web app: every page works without this file.
//  - GOV.UK Frontend's component behaviour (error summary focus, tabs, service navigation menu, checkboxes).
//  - Type-ahead for the tender form's service and place boxes (accessible-autocomplete, loaded by that page only):
//    suggestions come from /suggest/…, and the box still sends the same text the server accepts without it.
const version = new URL(import.meta.url).search;
const { initAll } = await import(`/assets/govuk-frontend.min.js${version}`);
initAll();

const autocomplete = window.accessibleAutocomplete;
if (typeof autocomplete === 'function') {
  for (const wrapper of document.querySelectorAll('.app-autocomplete[data-suggest]')) enhance(wrapper, autocomplete);
}

function enhance(wrapper, accessibleAutocomplete) {
  const input = wrapper.querySelector('input[type="text"], input:not([type])');
  if (!input) return;
  const endpoint = wrapper.getAttribute('data-suggest');
  // What the plain box had in its description (hint and error message), which the component would otherwise drop.
  const described = (input.getAttribute('aria-describedby') || '')
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent?.trim())
    .filter(Boolean)
    .join('. ');
  const container = document.createElement('div');
  input.insertAdjacentElement('afterend', container);
  const { id, name, value } = input;
  input.remove();
  let latest = 0;
  accessibleAutocomplete({
    element: container,
    id,
    name,
    defaultValue: value,
    minLength: 2,
    showNoOptionsFound: true,
    confirmOnBlur: false,
    inputClasses: `govuk-input${input.classList.contains('govuk-input--error') ? ' govuk-input--error' : ''}`,
    tAssistiveHint: () =>
      `${described ? `${described}. ` : ''}When suggestions are available, use up and down arrows to review and enter to select.`,
    source: (query, populate) => {
      const ticket = ++latest;
      fetch(`${endpoint}?q=${encodeURIComponent(query)}`, { headers: { accept: 'application/json' } })
        .then((response) => (response.ok ? response.json() : []))
        .then((items) => {
          if (ticket === latest) populate(Array.isArray(items) ? items : []);
        })
        .catch(() => populate([]));
    },
  });
}
