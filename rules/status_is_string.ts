/** status_is_string (dtc): a `status` property that is not one string. */
import { defineDtcCheck, isStringCheck } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_STRING(status_is_string, "status")` (check_is_string). */
export const statusIsString = isStringCheck('status_is_string', 'status');

export default defineDtcCheck({
  check: statusIsString,
  summary: 'dtc: a "status" property is not one string',
  w1Only: false,
  symptoms: ['Linux reads it as neither "okay" nor "ok" (__of_device_is_available): the device counts as disabled'],
});
