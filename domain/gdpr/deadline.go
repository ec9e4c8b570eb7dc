package gdpr

import (
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// Periods of art. 12.3: answer within one month of receipt; extend once by
// at most two further months.
const (
	answerMonths    = 1
	extensionMonths = 2
)

// AddMonths is the date n calendar months after d. A day the target month
// lacks falls back to that month's last day (31 January + 1 month = 28 or
// 29 February), as a period in months ends under Regulation (EEC, Euratom)
// No 1182/71 art. 3.2(c), which governs the periods of EU law.
func AddMonths(d work.Date, n int) work.Date {
	y, m, day := d.Midnight().Date()
	first := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC)
	last := first.AddDate(0, 1, -1).Day()
	return work.NewDate(first.Year(), first.Month(), min(day, last))
}

// Deadline is the last day (a Stockholm date, inclusive) to answer a
// request received at receivedAt: the same date one month on. We do not
// move a deadline off a weekend or holiday (Regulation 1182/71 art. 3.4
// would allow it): answering earlier is the safe side.
func Deadline(receivedAt time.Time) work.Date {
	return AddMonths(work.DateOf(receivedAt), answerMonths)
}

// LatestExtension is the furthest an extension may move deadline: two
// further months counted from the end of the first. Counting from the
// deadline, not from receipt, gives the earlier date when days are clamped
// (31 Jan → 28 Feb → 28 Apr, not 30 Apr), which is the safe reading.
func LatestExtension(deadline work.Date) work.Date {
	return AddMonths(deadline, extensionMonths)
}

// Overdue reports a deadline that has passed by now (Stockholm): a request
// is answered in time on the deadline day itself.
func Overdue(deadline work.Date, now time.Time) bool {
	return work.DateOf(now).After(deadline)
}
