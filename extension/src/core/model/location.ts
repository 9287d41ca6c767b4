// Places in a kernel tree: the plain location types every layer shares. Data only; imports nothing.

export interface SourceLoc {
  file: string;
  /** 1-based. */
  line: number;
  /** 0-based, UTF-16 units. */
  column: number;
}

export interface RelatedLoc extends SourceLoc {
  message: string;
}

/** A note about a place that the analysis could not read or had to choose for (file, optional line). */
export interface PlaceNote {
  file: string;
  line: number;
  message: string;
}
