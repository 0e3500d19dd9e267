/**
 * The transportation problem with capacities, solved exactly as a min-cost flow.
 *
 * Network: source → each person (capacity 1) → candidate units (capacity 1, the pair's cost)
 * → sink (capacity: the unit's free places); plus person → sink directly ("stays unmatched",
 * cost `unmatchedCost`). Every person sends one unit of flow; the cheapest such flow is the best
 * matching. With `unmatchedCost` above any possible saving, it first matches as many people as
 * possible, then minimises the total cost.
 *
 * Algorithm: successive shortest paths, one person at a time (as in the Hungarian method), with
 * Johnson potentials so Dijkstra runs on non-negative reduced costs, and Dijkstra stopped as soon
 * as the sink is reached: when places are plentiful a person's search touches only their own
 * candidates. After each augmentation the flow is optimal for the people added so far, so the
 * final flow is optimal (min-cost flow optimality: no negative cycle in the residual graph).
 * Costs are integers, so the result is exact.
 */

export interface TransportationProblem {
  personCount: number;
  unitCount: number;
  /** Free places per unit. */
  capacity: ArrayLike<number>;
  /** Candidate arcs of person p are arcStart[p] … arcStart[p + 1] - 1. */
  arcStart: ArrayLike<number>;
  arcUnit: ArrayLike<number>;
  /** Non-negative integers. */
  arcCost: ArrayLike<number>;
  /** Cost of leaving one person unmatched; see `safeUnmatchedCost`. */
  unmatchedCost: number;
  /** Optional, per person: added to `unmatchedCost` (a priority person costs more to leave out). */
  unmatchedExtra?: ArrayLike<number>;
}

export interface TransportationSolution {
  /** For each person: the index of their arc (into arcUnit/arcCost), or -1 if unmatched. */
  arcOf: Int32Array;
  /** Unit of each person, or -1. */
  unitOf: Int32Array;
  matched: number;
  /** Sum of the chosen arcs' costs (unmatched people not counted). */
  arcCostTotal: number;
  /** arcCostTotal + unmatched × unmatchedCost: the objective minimised. */
  objective: number;
}

/** An unmatched cost above any saving an assignment could bring, so matching more always wins. */
export function safeUnmatchedCost(
  problem: Pick<TransportationProblem, 'arcCost' | 'personCount'>,
): number {
  let max = 0;
  for (let i = 0; i < problem.arcCost.length; i++) max = Math.max(max, problem.arcCost[i]!);
  return (max + 1) * (problem.personCount + 1);
}

/** A binary min-heap of node ids keyed by a distance array (lazy deletion). */
class Heap {
  private nodes: Int32Array;
  private keys: Float64Array;
  size = 0;
  constructor(capacity: number) {
    this.nodes = new Int32Array(Math.max(16, capacity));
    this.keys = new Float64Array(Math.max(16, capacity));
  }
  clear() {
    this.size = 0;
  }
  push(node: number, key: number) {
    if (this.size === this.nodes.length) {
      const nodes = new Int32Array(this.nodes.length * 2);
      nodes.set(this.nodes);
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.nodes = nodes;
      this.keys = keys;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent]! <= key) break;
      this.nodes[i] = this.nodes[parent]!;
      this.keys[i] = this.keys[parent]!;
      i = parent;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
  }
  /** Pops the minimum; its key is left in `lastKey`. */
  lastKey = 0;
  pop(): number {
    const top = this.nodes[0]!;
    this.lastKey = this.keys[0]!;
    const node = this.nodes[--this.size]!;
    const key = this.keys[this.size]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      if (child + 1 < this.size && this.keys[child + 1]! < this.keys[child]!) child++;
      if (this.keys[child]! >= key) break;
      this.nodes[i] = this.nodes[child]!;
      this.keys[i] = this.keys[child]!;
      i = child;
    }
    this.nodes[i] = node;
    this.keys[i] = key;
    return top;
  }
}

/**
 * Solves the problem. People are added in `order` (default: index order). The optimum's cost
 * does not depend on it; a fixed order makes the chosen optimum deterministic.
 */
export function solveTransportation(
  problem: TransportationProblem,
  order?: ArrayLike<number>,
): TransportationSolution {
  const { personCount: n, unitCount: m, arcStart, arcUnit, arcCost, unmatchedCost } = problem;
  const extra = problem.unmatchedExtra;
  // Node ids: people 0 … n-1, units n … n+m-1, sink n+m.
  const sink = n + m;
  const nodeCount = n + m + 1;
  const potential = new Float64Array(nodeCount);
  const dist = new Float64Array(nodeCount).fill(Infinity);
  const settled = new Uint8Array(nodeCount);
  /** How a node was reached: for a unit, the arc index from its person; for a person, the unit it was taken from (reverse arc), as unit node id; for the sink, the node it came from. */
  const via = new Int32Array(nodeCount).fill(-1);
  const touched: number[] = [];

  const free = Int32Array.from({ length: m }, (_, u) => problem.capacity[u]!);
  const arcOf = new Int32Array(n).fill(-1);
  // People assigned to each unit, as a linked list through `nextInUnit` (O(1) removal via prev).
  const headOfUnit = new Int32Array(m).fill(-1);
  const nextInUnit = new Int32Array(n).fill(-1);
  const prevInUnit = new Int32Array(n).fill(-1);
  const unmatched = new Uint8Array(n);

  const attach = (p: number, arc: number) => {
    const u = arcUnit[arc]!;
    arcOf[p] = arc;
    unmatched[p] = 0;
    prevInUnit[p] = -1;
    nextInUnit[p] = headOfUnit[u]!;
    if (headOfUnit[u]! >= 0) prevInUnit[headOfUnit[u]!] = p;
    headOfUnit[u] = p;
  };
  const detach = (p: number) => {
    const u = arcUnit[arcOf[p]!]!;
    const prev = prevInUnit[p]!;
    const next = nextInUnit[p]!;
    if (prev >= 0) nextInUnit[prev] = next;
    else headOfUnit[u] = next;
    if (next >= 0) prevInUnit[next] = prev;
    arcOf[p] = -1;
  };

  // The person owning each arc, to walk an augmenting path back.
  const owner = new Int32Array(arcUnit.length);
  for (let p = 0; p < n; p++) owner.fill(p, arcStart[p]!, arcStart[p + 1]!);

  const heap = new Heap(1024);
  const relax = (node: number, d: number, from: number) => {
    if (d < dist[node]!) {
      if (dist[node] === Infinity) touched.push(node);
      dist[node] = d;
      via[node] = from;
      heap.push(node, d);
    }
  };

  for (let step = 0; step < n; step++) {
    const source = order ? order[step]! : step;
    heap.clear();
    touched.length = 0;
    dist[source] = 0;
    touched.push(source);
    heap.push(source, 0);
    let reached = -1;
    while (heap.size > 0) {
      const x = heap.pop();
      const d = heap.lastKey;
      if (settled[x] || d > dist[x]!) continue;
      settled[x] = 1;
      if (x === sink) {
        reached = d;
        break;
      }
      if (x < n) {
        // Person: to each candidate unit except the one they are on, and to "unmatched".
        const own = arcOf[x]!;
        const hx = potential[x]!;
        for (let a = arcStart[x]!, end = arcStart[x + 1]!; a < end; a++) {
          if (a === own) continue;
          const u = n + arcUnit[a]!;
          if (settled[u]) continue;
          relax(u, d + arcCost[a]! + hx - potential[u]!, a);
        }
        if (!unmatched[x] && !settled[sink])
          relax(sink, d + unmatchedCost + (extra ? extra[x]! : 0) + hx - potential[sink]!, x);
      } else {
        // Unit: to the sink if it has a free place, and back to each person it has (reverse arcs).
        const u = x - n;
        const hx = potential[x]!;
        if (free[u]! > 0) relax(sink, d + hx - potential[sink]!, x);
        for (let p = headOfUnit[u]!; p >= 0; p = nextInUnit[p]!) {
          if (settled[p]) continue;
          relax(p, d - arcCost[arcOf[p]!]! + hx - potential[p]!, x);
        }
      }
    }
    if (reached < 0)
      throw new Error(
        'min-cost flow: the sink is unreachable (cannot happen: every person may stay unmatched)',
      );

    // Potentials: settled nodes move by (their distance - the sink's); the others keep theirs.
    for (const v of touched) {
      if (settled[v]) potential[v] = potential[v]! + dist[v]! - reached;
      dist[v] = Infinity;
      settled[v] = 0;
    }

    // Augment along the path, walking back from the sink.
    let node = via[sink]!;
    if (node < n) {
      // Ends with person → sink: that person is now unmatched.
      if (arcOf[node]! >= 0) detach(node);
      unmatched[node] = 1;
    } else {
      free[node - n]!--;
    }
    while (node !== source) {
      // A person reached by a reverse arc: step back to the unit they are being moved out of.
      if (node < n) node = via[node]!;
      // A unit reached by arc `via[node]`: that arc's person now goes to this unit.
      const arc = via[node]!;
      const person = owner[arc]!;
      if (arcOf[person]! >= 0) detach(person);
      attach(person, arc);
      node = person;
    }
  }

  const unitOf = new Int32Array(n).fill(-1);
  let matched = 0;
  let arcCostTotal = 0;
  let unmatchedTotal = 0;
  for (let p = 0; p < n; p++) {
    const arc = arcOf[p]!;
    if (arc >= 0) {
      unitOf[p] = arcUnit[arc]!;
      matched++;
      arcCostTotal += arcCost[arc]!;
    } else unmatchedTotal += unmatchedCost + (extra ? extra[p]! : 0);
  }
  return {
    arcOf,
    unitOf,
    matched,
    arcCostTotal,
    objective: arcCostTotal + unmatchedTotal,
  };
}
