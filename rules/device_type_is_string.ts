/** device_type_is_string (dtc): a `device_type` property that is not one string. */
import { defineDtcCheck, isStringCheck } from './support/dtc.js';

/** dtc's `WARNING_IF_NOT_STRING(device_type_is_string, "device_type")` (check_is_string). */
export const deviceTypeIsString = isStringCheck('device_type_is_string', 'device_type');

export default defineDtcCheck({
  check: deviceTypeIsString,
  summary: 'dtc: a "device_type" property is not one string',
  w1Only: false,
  symptoms: ['Linux compares device_type as a C string (of_node_is_type): a number never matches "pci" or "memory"'],
});
