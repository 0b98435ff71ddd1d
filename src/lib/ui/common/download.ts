// Saving text the app made (CSV, .ics) as a file, without any network: a Blob URL and a click.
export function downloadText(
	fileName: string,
	text: string,
	type = 'text/csv;charset=utf-8'
): void {
	// A BOM lets Excel open UTF-8 CSV with Japanese text correctly.
	const body = type.startsWith('text/csv') ? '\ufeff' + text : text;
	const url = URL.createObjectURL(new Blob([body], { type }));
	const a = document.createElement('a');
	a.href = url;
	a.download = fileName;
	document.body.append(a);
	a.click();
	a.remove();
	setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
