// The one place the program reads today's date: the EKS support check compares the cluster's
// version against the calendar on this day. Tests fix it; it never reaches a resource input or an
// output, so committed plans stay the same from day to day.

let fixed: string | undefined;

/** Today as a UTC day, `YYYY-MM-DD` (the EKS calendar's dates are UTC days). */
export function today(): string {
    return fixed ?? new Date().toISOString().slice(0, 10);
}

/** Makes `today()` answer `day` (undefined: the real date again). */
export function fixToday(day: string | undefined): void {
    fixed = day;
}
