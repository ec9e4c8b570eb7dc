package work

import (
	"context"
	"time"

	"github.com/klient-crm/klient/domain/work"
)

// FeedHistoryDays is how far back a feed reaches: a calendar keeps showing
// last month's hearings, and the feed stays small.
const FeedHistoryDays = 60

// CalendarFor gathers staffID's feed at now: the deadlines they are
// responsible for from FeedHistoryDays ago on, and the open tasks assigned
// to them or to any of teams.
func CalendarFor(ctx context.Context, db DB, staffID string, teams []string, now time.Time) (CalendarItems, error) {
	from := work.DateOf(now).AddDays(-FeedHistoryDays)
	deadlines, err := Deadlines(ctx, db, Filter{StaffID: staffID, From: from})
	if err != nil {
		return CalendarItems{}, err
	}
	tasks, err := MyTasks(ctx, db, staffID, teams, 0)
	if err != nil {
		return CalendarItems{}, err
	}
	return CalendarItems{Generated: now, Deadlines: deadlines, Tasks: tasks}, nil
}
