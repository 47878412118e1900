// What the forms in a BottomSheet share: their error texts by field (and
// `form` for the error line), the submitting flag, and sending the form's
// write through the outbox with the same answers to the user: sent, kept
// for later (no signal), refused (the form stays as typed, its errors
// shown) or signed out meanwhile (kept for after the next sign-in).
import { ref, computed, watch } from 'vue';
import { showToast } from 'vant';
import 'vant/es/toast/style';
import { i18n } from '../i18n/index.js';
import { submitWrite, items } from '../queue.js';
import { factoryError } from '../views/factory/util.js';

/**
 * For a sheet component with a `show` prop and an `update:show` event.
 * `sheet` is the BottomSheet's show, error line, busy state and closing,
 * for <BottomSheet v-bind="sheet" …>.
 */
export function useSheetForm(props, emit) {
  const errors = ref({});
  const submitting = ref(false);
  const close = () => emit('update:show', false);
  // While the write's photos go up: how far, and that the app may be closed
  // (the outbox sends the rest). photoIndex counts from 1.
  const upload = computed(() => {
    if (!submitting.value) return '';
    const p = items.value.find((it) => it.kind === 'photo' && it.sending);
    if (!p) return '';
    const n = p.photoCount || 1;
    const pct = Math.round((((p.photoIndex || 1) - 1 + (p.progress || 0)) / n) * 100);
    return i18n.global.t('common.uploading', { pct, i: p.photoIndex || 1, n });
  });
  const sheet = computed(() => ({
    show: props.show,
    error: errors.value.form || '',
    loading: submitting.value,
    progress: upload.value,
    'onUpdate:show': (v) => emit('update:show', v),
  }));

  // One draft at a time: what was typed stays while the sheet is closed and
  // opened again for the same thing, and goes once sent.
  const NONE = {};
  let draftFor = NONE;
  let reset = () => {};

  /**
   * Keeps the form's draft for key() (a step, a sample type): opening the
   * sheet for another one starts afresh with clear(); opened() runs at
   * every opening. Call it once the form's refs exist.
   */
  function keepDraft({ key, clear: clearForm, opened }) {
    reset = () => {
      clearForm();
      errors.value = {};
    };
    watch(
      () => props.show,
      (open) => {
        if (!open) return;
        if (draftFor !== key()) {
          reset();
          draftFor = key();
        }
        opened?.();
      },
      { immediate: true }, // opened before this component had loaded
    );
  }

  /** Drops the form's error line and, when given, one field's error. */
  function clear(field) {
    const e = { ...errors.value };
    delete e.form;
    if (field) delete e[field];
    errors.value = e;
  }

  /**
   * Sends write (see queue.js submitWrite). refused(err) gives the errors
   * to show for a refusal; after a delivered or queued write the draft
   * goes, sent(r) runs and the sheet closes. Resolves true when the write
   * was taken.
   */
  async function send(write, { sentText, refused, sent }) {
    const { t } = i18n.global;
    submitting.value = true;
    try {
      const r = await submitWrite(write);
      if (r.signedOut) {
        showToast({ message: factoryError(r.signedOut), type: 'fail' });
        close();
        return false;
      }
      if (r.refused) {
        errors.value = refused(r.refused);
        return false;
      }
      showToast(r.delivered ? { message: sentText, type: 'success' } : { message: t('common.queued') });
      reset();
      draftFor = NONE;
      sent(r);
      close();
      return true;
    } catch (e) {
      errors.value = { form: factoryError(e) };
      return false;
    } finally {
      submitting.value = false;
    }
  }

  return { sheet, errors, submitting, close, clear, send, keepDraft };
}
