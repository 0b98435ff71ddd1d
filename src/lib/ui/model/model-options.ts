// Choices the model page offers (the worker accepts any horizon; these are the useful ones).
export const HORIZON_CHOICES = [30, 60, 90] as const;

/** Rows evaluated below this many positives make every rate shaky: the page says so. */
export const SMALL_SAMPLE_POSITIVES = 20;
