// A small seeded pseudo-random generator: sfc32, seeded through splitmix32. Only 32-bit integer
// arithmetic and exact float operations, so a seed gives the same stream on every JavaScript
// engine (Math.random cannot be seeded; Math.log/exp may differ in the last bit between engines).

export interface Random {
	/** Uniform in [0, 1). */
	next(): number;
	/** Integer in [min, max], both inclusive. */
	int(min: number, max: number): number;
	/** True with probability p. */
	chance(p: number): boolean;
	/** One item, uniformly. The list must not be empty. */
	pick<T>(items: readonly T[]): T;
	/** One item, with probability proportional to its weight. Weights are >= 0, not all 0. */
	weighted<T>(items: readonly T[], weights: readonly number[]): T;
	/** Approximately standard normal (mean 0, sd 1, bounded by ±3.46): four uniforms summed. */
	normal(): number;
}

const TWO_POW_32 = 4294967296;

/** splitmix32 step: a well-mixed 32-bit value from a state; used only to seed sfc32. */
function splitmix32(state: number): number {
	let z = state | 0;
	z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
	z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
	return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A 32-bit seed from any number and an optional stream key, so that independent streams (one per
 * account, say) can be derived from one user seed without drawing from a shared stream.
 */
export function mixedSeed(seed: number, stream = 0): number {
	const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
	const low = whole >>> 0;
	const high = Math.floor(whole / TWO_POW_32) >>> 0;
	let h = splitmix32(low ^ 0x9e3779b9);
	h = splitmix32(h ^ high ^ 0x7f4a7c15);
	return splitmix32(h ^ Math.imul(stream | 0, 0x632be5ab) ^ 0x1b873593);
}

/** A generator seeded with `seed` (any number; its integer part is used). */
export function seededRandom(seed: number, stream = 0): Random {
	let state = mixedSeed(seed, stream);
	const seedWord = (): number => {
		state = (state + 0x9e3779b9) | 0;
		return splitmix32(state);
	};
	let a = seedWord();
	let b = seedWord();
	let c = seedWord();
	let d = seedWord();

	const nextUint32 = (): number => {
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return t >>> 0;
	};
	// The first outputs of sfc32 still show the seed's structure: discard them.
	for (let i = 0; i < 12; i++) nextUint32();

	const next = (): number => nextUint32() / TWO_POW_32;
	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		chance: (p) => next() < p,
		pick: (items) => items[Math.floor(next() * items.length)],
		weighted(items, weights) {
			let total = 0;
			for (const w of weights) total += w;
			let r = next() * total;
			for (let i = 0; i < items.length; i++) {
				r -= weights[i];
				if (r < 0) return items[i];
			}
			return items[items.length - 1];
		},
		// Irwin–Hall with n = 4 has variance 4/12; 1.7320508 = √3 rescales it to 1.
		normal: () => (next() + next() + next() + next() - 2) * 1.7320508075688772
	};
}
