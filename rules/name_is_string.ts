/** name_is_string (dtc ERROR): a `name` property that is not one string. */
import { defineDtcCheck, isStringCheck } from './support/dtc.js';

/** dtc's `ERROR_IF_NOT_STRING(name_is_string, "name")`, the prerequisite of name_properties. */
export const nameIsString = isStringCheck('name_is_string', 'name');

export default defineDtcCheck({
  check: nameIsString,
  summary: 'dtc (error): a "name" property is not one string',
  w1Only: false,
  level: 'error',
  symptoms: ['dtc refuses the tree and the kernel build stops'],
});
