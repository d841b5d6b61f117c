/**
 * passed-clock-gated: a passed device's clock that nothing on the host keeps running. vfio-platform
 * enables no clocks (vfio_platform_open_device: pm_runtime_get_sync only), so unless another host
 * driver holds the clock or the device's PM domain manages it (pm_clk), clk_disable_unused gates it
 * at late boot (when the bootloader left it on and `clk_ignore_unused` is not on the command line),
 * and nothing turns it on again. The mechanism and the provider table are in
 * src/passthrough/clock-hold.ts.
 */
import { compatibles, getProperty, nodePath, propertyStrings } from '../src/dts/query.js';
import type { Cell, Node } from '../src/dts/tree.js';
import { bindingById } from '../src/graph/bindings.js';
import { splitList, type ListEntry } from '../src/graph/split.js';
import { cellNumber } from '../src/graph/tree-access.js';
import { anchorFor, notesBesides, qemuNote } from '../src/passthrough/anchors.js';
import { isAvailable } from '../src/passthrough/availability.js';
import { clockDomain, clockSource } from '../src/passthrough/clock-hold.js';
import { cmdlineParam } from '../src/passthrough/cmdline.js';
import type { PairModel } from '../src/passthrough/pair.js';
import { SYMPTOM } from '../src/passthrough/symptoms.js';
import { definePairRule } from './support/pair-rule.js';
import { missingParamNote } from './support/cmdline-note.js';
import { cellName, who } from './support/pair.js';

const UNCLOCKED_CONSEQUENCE =
  "the guest's accesses then reach an unclocked device (depending on the SoC, its registers read back as zeros or the access stalls the bus)";

export default definePairRule({
  id: 'passed-clock-gated',
  level: 'warning',
  scope: 'pair',
  summary: "A passed device's clock that nothing on the host keeps running: clk_disable_unused gates it",
  symptoms: [SYMPTOM.guestDeviceFails],
  messages: {
    clock:
      `nothing on the host keeps clock {{clocks}} of passed {{device}} running: vfio-platform enables no clocks (only a runtime PM reference{{domainNote}}) and no other enabled host node names it, so clk_disable_unused gates it at late boot if the bootloader left it on (unless {{provider}}'s driver flags it CLK_IGNORE_UNUSED or CLK_IS_CRITICAL, or a clock a host driver enables is its child), and otherwise it stays off{{cmdline}}; ${UNCLOCKED_CONSEQUENCE}; add clk_ignore_unused to the host's kernel command line (it keeps what the bootloader enabled), or have a host driver hold the clock`,
    clocks:
      `nothing on the host keeps clocks {{clocks}} of passed {{device}} running: vfio-platform enables no clocks (only a runtime PM reference{{domainNote}}) and no other enabled host node names them, so clk_disable_unused gates them at late boot if the bootloader left them on (unless {{provider}}'s driver flags them CLK_IGNORE_UNUSED or CLK_IS_CRITICAL, or a clock a host driver enables is their child), and otherwise they stay off{{cmdline}}; ${UNCLOCKED_CONSEQUENCE}; add clk_ignore_unused to the host's kernel command line (it keeps what the bootloader enabled), or have a host driver hold the clocks`,
  },
  check({ pair, report }) {
    // __setup("clk_ignore_unused"): clk_disable_unused returns before touching any clock.
    if (cmdlineParam(pair.cmdline, 'clk_ignore_unused')) return;
    const binding = bindingById('clocks')!;
    // Built on the first clock that needs it: most passed devices have none.
    let held: Set<string> | undefined;
    for (const device of pair.passed) {
      const node = device.node;
      const prop = getProperty(node, 'clocks');
      if (!prop || !device.available) continue;
      const entries = splitList(node, prop, binding, pair.host.split).entries;
      const domain = clockDomain(node, entries, pair.host.split);
      const names = clockNames(node);
      const unheld: string[] = [];
      const providers = new Set<string>();
      for (const entry of entries) {
        if (entry.problem || entry.empty || !entry.provider) continue;
        if (domain?.managed.has(entry.index)) continue;
        const source = clockSource(entry, pair.host.split);
        // A provider passed along is the guest's to drive; a disabled one registers no clock at all.
        if (!source || source.gating !== 'gates' || pair.isPassed(source.provider) || !isAvailable(source.provider)) continue;
        held ??= heldClocks(pair);
        if (held.has(clockKey(entry.provider, entry.args)) || held.has(clockKey(source.provider, source.args))) continue;
        unheld.push(describeClock(entry, names[entry.index]));
        providers.add(who(source.provider));
      }
      if (unheld.length === 0) continue;
      const at = anchorFor(pair, pair.host, prop.at, node, device);
      const data = {
        clocks: unheld.join(', '),
        device: who(node),
        provider: [...providers].join(' and '),
        domainNote: domainNote(pair, node, domain, entries, names),
        cmdline: missingParamNote(pair.cmdline, 'clk_ignore_unused'),
      };
      report({
        at,
        messageId: unheld.length === 1 ? 'clock' : 'clocks',
        data,
        related: notesBesides([{ message: `${who(node)}'s clocks`, at: prop.at }, ...qemuNote(device)], at),
        subject: `${nodePath(node)}:clocks`,
        symptom: SYMPTOM.guestDeviceFails,
      });
    }
  },
});

/** A clock as the user reads it: its clock-names entry and the specifier as written. */
function describeClock(entry: ListEntry, name: string | undefined): string {
  const spec = `<&${entry.provider ? who(entry.provider) : '?'}${entry.args.map((c) => ` ${cellName(c)}`).join('')}>`;
  return name !== undefined ? `"${name}" ${spec}` : spec;
}

function clockNames(node: Node): string[] {
  const prop = getProperty(node, 'clock-names');
  return (prop ? propertyStrings(prop) : undefined) ?? [];
}

function clockKey(provider: Node | undefined, args: readonly Cell[]): string {
  return `${provider ? nodePath(provider) : '?'}\0${args.map(cellNumber).join(' ')}`;
}

/**
 * The clock specifiers that enabled host nodes other than the passed devices name (directly and
 * through fixed factors): a host driver that probes may hold them, and dtlint does not claim otherwise.
 * Read from the lists the dependency graph split once.
 */
function heldClocks(pair: PairModel): Set<string> {
  const out = new Set<string>();
  for (const bound of pair.host.graph.bound) {
    const node = bound.node;
    // A fixed factor's own `clocks` is its parent, enabled only through an enabled child.
    if (bound.binding.id !== 'clocks' || !bound.split || pair.isPassed(node) || !isAvailable(node) || compatibles(node).includes('fixed-factor-clock')) continue;
    for (const entry of bound.split.entries) {
      if (entry.problem || entry.empty || !entry.provider) continue;
      out.add(clockKey(entry.provider, entry.args));
      const source = clockSource(entry, pair.host.split);
      if (source) out.add(clockKey(source.provider, source.args));
    }
  }
  return out;
}

function domainNote(pair: PairModel, node: Node, domain: ReturnType<typeof clockDomain>, entries: readonly ListEntry[], names: readonly string[]): string {
  if (domain) {
    const managed = entries.filter((e) => domain.managed.has(e.index)).map((e) => describeClock(e, names[e.index]));
    return `; ${domain.attach} puts ${managed.length === 0 ? 'none of its clocks' : `only ${managed.join(', ')}`} on the clock list of its PM domain ${who(domain.domain)}`;
  }
  const prop = getProperty(node, 'power-domains');
  const count = prop ? splitList(node, prop, bindingById('power-domains')!, pair.host.split).entries.length : 0;
  // genpd_dev_pm_attach attaches a device to its domain only when it has exactly one.
  return count > 1 ? `; with ${count} power-domains entries the platform bus attaches it to none of them` : '';
}
