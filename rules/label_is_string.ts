/** label_is_string (dtc): a `label` property that is not one string. */
import { defineDtcCheck, isStringCheck } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_STRING(label_is_string, "label")` (check_is_string). */
export const labelIsString = isStringCheck('label_is_string', 'label');

export default defineDtcCheck({
  check: labelIsString,
  summary: 'dtc: a "label" property is not one string',
  w1Only: false,
  symptoms: ['of_property_read_string() reads the label up to its first NUL, or fails: the name user space sees is not the one meant'],
});
