/** A filter form that applies as soon as one of its choices changes, with no button to press. */
export function submitOnChange(form: Element | null): void {
  if (!(form instanceof HTMLFormElement)) return;
  for (const select of form.querySelectorAll('select')) {
    select.addEventListener('change', () => form.requestSubmit());
  }
}
