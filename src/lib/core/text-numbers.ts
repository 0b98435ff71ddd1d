// Texts numbered in first-seen order (account ids, metric names), for the dataset's merge.
//
// Exports usually list ids in order, and the importer writes activity sorted by account, so the
// common case needs no hashing at all: while the texts seen so far are in increasing order, a
// new text that sorts after the last is new, and one that sorts before is found by a short walk
// from the last one found, else by binary search. Only when a text must be added out of order
// does the index switch, for good, to a hash map built from the texts so far.
import { StringIntMap } from './string-int-map';

/** How far from the last text found a lookup walks before it searches. */
const WALK = 8;

export class TextNumbers {
	/** The texts by number; in increasing order while `map` is null. */
	readonly texts: string[] = [];
	private map: StringIntMap | null = null;
	/** The number of the last text found or added (a sorted input's next is usually near). */
	private last = -1;

	/** The number of `text`, adding it when it is new. */
	numberOf(text: string): number {
		if (this.map !== null) return this.mapped(this.map, text);
		const texts = this.texts;
		const n = texts.length;
		if (n === 0 || text > texts[n - 1]) {
			texts.push(text);
			return (this.last = n);
		}
		const found = this.search(text);
		if (found >= 0) return (this.last = found);
		// It sorts inside the list but is not in it: the list cannot stay in order.
		const map = new StringIntMap();
		map.reserve(n + 1);
		for (let i = 0; i < n; i++) map.set(texts[i], i);
		this.map = map;
		return this.mapped(map, text);
	}

	/** The number of `text`, or -1 when it has none. */
	find(text: string): number {
		if (this.map !== null) return this.map.get(text);
		const n = this.texts.length;
		if (n === 0 || text > this.texts[n - 1]) return -1;
		return this.search(text);
	}

	/** Makes room for `count` texts in all, should the index need its map. */
	reserve(count: number): void {
		this.map?.reserve(count);
	}

	private mapped(map: StringIntMap, text: string): number {
		const at = map.getOrSet(text, this.texts.length);
		if (at >= 0) return at;
		this.texts.push(text);
		return this.texts.length - 1;
	}

	/** Index of `text` in the sorted list, or -1. */
	private search(text: string): number {
		const texts = this.texts;
		const n = texts.length;
		const from = this.last < 0 ? 0 : this.last;
		for (let i = from; i < n && i < from + WALK; i++) {
			const t = texts[i];
			if (t === text) return i;
			if (t > text) break;
		}
		let lo = 0;
		let hi = n - 1;
		while (lo <= hi) {
			const mid = (lo + hi) >>> 1;
			const t = texts[mid];
			if (t === text) return mid;
			if (t < text) lo = mid + 1;
			else hi = mid - 1;
		}
		return -1;
	}
}
