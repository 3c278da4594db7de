// The vendor names no request-id header (REFERENCE.md lists none). We read `x-request-id`, the name
// most HTTP stacks use: our assumption. The README says so.
export const requestIdOf = ({ headers }: Response): string | null => headers.get("x-request-id");
