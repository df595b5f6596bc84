/**
 * Parsers of what Kafka's own command-line tools print (3.9), so the real-broker tests compare the
 * sidecar with the tools rather than with numbers written into the test.
 */

export interface DescribedPartition {
  readonly topic: string;
  readonly partition: number;
  /** -1 when the tool says "none". */
  readonly leader: number;
  readonly replicas: number[];
  readonly isr: number[];
}

export interface DescribedTopics {
  readonly partitionCounts: Map<string, number>;
  readonly partitions: DescribedPartition[];
}

const ids = (text: string | undefined) => (text ?? '').split(',').filter((s) => s !== '').map(Number);

/** Tab-separated "Key: value" fields of one line. */
function fields(line: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of line.split('\t')) {
    const i = part.indexOf(':');
    if (i > 0) out.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
  }
  return out;
}

/** `kafka-topics --describe`: a "Topic: ... PartitionCount: n" line per topic, then a tab-indented line per partition. */
export function parseTopicsDescribe(stdout: string): DescribedTopics {
  const partitionCounts = new Map<string, number>();
  const partitions: DescribedPartition[] = [];
  for (const line of stdout.split('\n')) {
    const f = fields(line);
    const topic = f.get('Topic');
    if (topic === undefined) continue;
    if (f.has('PartitionCount')) partitionCounts.set(topic, Number(f.get('PartitionCount')));
    else if (f.has('Partition')) {
      const leader = f.get('Leader');
      partitions.push({
        topic,
        partition: Number(f.get('Partition')),
        leader: leader === undefined || leader === 'none' ? -1 : Number(leader),
        replicas: ids(f.get('Replicas')),
        isr: ids(f.get('Isr')),
      });
    }
  }
  return { partitionCounts, partitions };
}

/** `kafka-get-offsets`: "topic:partition:offset" lines, keyed "topic/partition". */
export function parseGetOffsets(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = /^(.+):(\d+):(-?\d+)$/.exec(line.trim());
    if (m) out.set(`${m[1]}/${m[2]}`, Number(m[3]));
  }
  return out;
}

export interface GroupOffsetRow {
  readonly group: string;
  readonly topic: string;
  readonly partition: number;
  /** undefined for "-" (nothing committed). */
  readonly current: number | undefined;
  readonly logEnd: number | undefined;
  readonly lag: number | undefined;
}

const num = (s: string | undefined) => (s === undefined || s === '-' ? undefined : Number(s));

/** `kafka-consumer-groups --describe` (one group or --all-groups): a header line GROUP TOPIC ..., then rows. */
export function parseGroupsDescribe(stdout: string): GroupOffsetRow[] {
  const rows: GroupOffsetRow[] = [];
  let columns: string[] | undefined;
  for (const line of stdout.split('\n')) {
    const cells = line.trim().split(/\s+/);
    if (cells[0] === 'GROUP') {
      columns = cells;
      continue;
    }
    if (columns === undefined || cells.length < columns.length) continue;
    const at = (name: string) => cells[columns!.indexOf(name)];
    rows.push({
      group: at('GROUP')!,
      topic: at('TOPIC')!,
      partition: Number(at('PARTITION')),
      current: num(at('CURRENT-OFFSET')),
      logEnd: num(at('LOG-END-OFFSET')),
      lag: num(at('LAG')),
    });
  }
  return rows;
}

/** `kafka-consumer-groups --describe --state`: group -> coordinator broker id ("host:port  (id)"). */
export function parseGroupCoordinators(stdout: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of stdout.split('\n')) {
    const m = /^(\S+)\s+\S+\s+\((\d+)\)/.exec(line.trim());
    if (m && m[1] !== 'GROUP') out.set(m[1]!, Number(m[2]));
  }
  return out;
}

export interface ApiRange {
  readonly min: number;
  readonly max: number;
}

/** `kafka-broker-api-versions`: broker id -> api key -> the range the broker advertised ("0 to 12", or "0"). */
export function parseBrokerApiVersions(stdout: string): Map<number, Map<number, ApiRange>> {
  const out = new Map<number, Map<number, ApiRange>>();
  let current: Map<number, ApiRange> | undefined;
  for (const line of stdout.split('\n')) {
    const broker = /\(id: (\d+) rack: [^)]*\) -> \(/.exec(line);
    if (broker) {
      current = new Map();
      out.set(Number(broker[1]), current);
      continue;
    }
    const api = /^\s*\w+\((\d+)\): (\d+)(?: to (\d+))? \[usable/.exec(line);
    if (api && current) current.set(Number(api[1]), { min: Number(api[2]), max: Number(api[3] ?? api[2]) });
  }
  return out;
}
