/**
 * What a user sees at run time when a passthrough setup is wrong, in the words they would search
 * with. Every pair rule lists the symptoms it explains (`symptoms` metadata, `dtlint rules
 * --symptom`), and every pair finding names one (`symptom`), so that a user who starts from "no
 * interrupts" finds the cause.
 */
export const SYMPTOM = {
  missingOnHost: 'the device is missing on the host',
  bindFails: 'vfio-platform bind fails',
  qemuRefuses: 'QEMU refuses the device',
  /** QEMU stops before the guest runs (the machine cannot be built), whatever the devices. */
  qemuExits: 'QEMU exits at start',
  noInterrupts: 'no interrupts in the guest',
  dmaFaults: 'DMA faults',
  noPackets: 'no packets',
  padsUnconfigurable: 'pads unconfigurable',
  guestProbeFails: 'the driver fails to probe in the guest',
  /** The guest driver may probe, but it talks to registers that are not the device's (or to nothing). */
  guestDeviceFails: 'the device does not work in the guest',
  scuFails: 'SCU calls fail',
  /** Works, but each register access is a round trip through the host kernel and QEMU. */
  slowAccess: 'slow register access in the guest',
} as const;

export type Symptom = (typeof SYMPTOM)[keyof typeof SYMPTOM];

/** One finding's symptom line: the main symptom, then what follows from it. */
export function symptomLine(main: Symptom, ...consequences: Symptom[]): string {
  return consequences.length === 0 ? main : `${main}: ${consequences.join(', ')}`;
}
