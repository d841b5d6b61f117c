/** model_is_string (dtc): a `model` property that is not one string. */
import { defineDtcCheck, isStringCheck } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_STRING(model_is_string, "model")` (check_is_string). */
export const modelIsString = isStringCheck('model_is_string', 'model');

export default defineDtcCheck({
  check: modelIsString,
  summary: 'dtc: a "model" property is not one string',
  w1Only: false,
  symptoms: ['the machine name Linux prints at boot (of_flat_dt_get_machine_name) is the raw bytes'],
});
