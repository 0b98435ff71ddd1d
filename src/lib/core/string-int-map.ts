// A map from strings to non-negative integers for merging hundreds of thousands of short ids
// (account, subscription, ticket ids) each time the worker builds the dataset. Open addressing
// over typed arrays: no allocation per entry, and in V8 several times faster than
// Map<string, number> at that size (the dataset build of the 100k-account workspace spent most
// of its time in Map lookups and their garbage).

/** 32-bit FNV-1a over UTF-16 code units, then a final mix so the low bits spread well. */
export function stringHash(s: string): number {
	let h = 0x811c9dc5 | 0;
	for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
	h ^= h >>> 16;
	h = Math.imul(h, 0x85ebca6b);
	h ^= h >>> 13;
	return h;
}

export class StringIntMap {
	private keys: string[] = [];
	private hashes = new Int32Array(16);
	private values = new Int32Array(16);
	/** Per slot: the entry's index + 1; 0 = empty. Kept at most half full. */
	private slots = new Int32Array(32);
	private mask = 31;

	get size(): number {
		return this.keys.length;
	}

	/** The value stored for `key`, or -1. */
	get(key: string): number {
		const e = this.slots[this.slotOf(key, stringHash(key))] - 1;
		return e < 0 ? -1 : this.values[e];
	}

	/** The value stored for `key`; when there is none, stores `value` (>= 0) and returns -1. */
	getOrSet(key: string, value: number): number {
		const h = stringHash(key);
		const at = this.slotOf(key, h);
		const e = this.slots[at] - 1;
		if (e >= 0) return this.values[e];
		this.insert(at, h, key, value);
		return -1;
	}

	/** Stores `value` (>= 0) for `key`, replacing any value stored before. */
	set(key: string, value: number): void {
		const h = stringHash(key);
		const at = this.slotOf(key, h);
		const e = this.slots[at] - 1;
		if (e >= 0) this.values[e] = value;
		else this.insert(at, h, key, value);
	}

	/** The slot holding `key` (hash `h`), or the empty slot where it would go. */
	private slotOf(key: string, h: number): number {
		const { slots, hashes, keys, mask } = this;
		for (let at = h & mask; ; at = (at + 1) & mask) {
			const e = slots[at] - 1;
			if (e < 0 || (hashes[e] === h && keys[e] === key)) return at;
		}
	}

	/** Makes room for `count` entries in all, so adding them rehashes at most once. */
	reserve(count: number): void {
		let size = this.mask + 1;
		while (count * 2 > size - 1) size *= 2;
		if (size > this.mask + 1) this.rehash(size);
		if (count > this.hashes.length) {
			this.hashes = grown(this.hashes, count);
			this.values = grown(this.values, count);
		}
	}

	private insert(slot: number, h: number, key: string, value: number): void {
		const e = this.keys.length;
		this.keys.push(key);
		if (e === this.hashes.length) {
			this.hashes = grown(this.hashes, e * 2);
			this.values = grown(this.values, e * 2);
		}
		this.hashes[e] = h;
		this.values[e] = value;
		this.slots[slot] = e + 1;
		if ((e + 1) * 2 > this.mask) this.rehash((this.mask + 1) * 2);
	}

	private rehash(size: number): void {
		const slots = new Int32Array(size);
		const mask = size - 1;
		const { hashes } = this;
		for (let e = 0; e < this.keys.length; e++) {
			let at = hashes[e] & mask;
			while (slots[at] !== 0) at = (at + 1) & mask;
			slots[at] = e + 1;
		}
		this.slots = slots;
		this.mask = mask;
	}
}

function grown(a: Int32Array, size: number): Int32Array<ArrayBuffer> {
	const next = new Int32Array(size);
	next.set(a);
	return next;
}
