package cdd

import (
	"net/http"
	"slices"

	"github.com/klient-crm/klient/http/web"
	cddmodel "github.com/klient-crm/klient/projections/cdd"
)

// WatchJSON is the AML officer's view of monitoring: the records needing
// attention firm-wide and how the latest list's run went.
type WatchJSON struct {
	Items      []WatchItemJSON `json:"items"`
	Monitoring *MonitoringJSON `json:"monitoring"` // null before the latest list's run started
}

// WatchItemJSON is one record needing attention.
type WatchItemJSON struct {
	MatterID       string `json:"matter_id"`
	Matter         string `json:"matter"` // its number and title
	ClientID       string `json:"client_id"`
	Risk           string `json:"risk"`
	UnreviewedHits int    `json:"unreviewed_hits"`
	Undecided      bool   `json:"undecided"`
	ReviewDue      string `json:"review_due,omitempty"`
	ListDate       string `json:"list_date,omitempty"`
}

// MonitoringJSON is the latest list's monitoring run.
type MonitoringJSON struct {
	ListID      string `json:"list_id"`
	ListVersion string `json:"list_version"`
	StartedAt   string `json:"started_at"`
	FinishedAt  string `json:"finished_at,omitempty"`
	Screened    int    `json:"screened"`
	NewHits     int    `json:"new_hits"`
	Failed      string `json:"failed,omitempty"`
}

// namedWatch is a watched record with its matter's number and title.
type namedWatch struct {
	cddmodel.WatchItem
	Name string
}

// watched reads up to limit records needing attention firm-wide, cut by
// the walls before the reader in the query and once more over the rows
// read, named by their matters (an erased matter's record is left out).
func (s *Handlers) watched(r *http.Request, limit int) ([]namedWatch, error) {
	walls, err := s.readerWalls(r)
	if err != nil {
		return nil, err
	}
	items, err := s.deps.Watch.Watch(r.Context(), cddmodel.WatchFilter{Limit: limit, WalledContacts: walls.contacts, WalledMatters: walls.matters})
	if err != nil {
		return nil, err
	}
	items = slices.DeleteFunc(items, func(x cddmodel.WatchItem) bool { return walls.hide(x.MatterID, x.ClientID) })
	ids := make([]string, len(items))
	for i, x := range items {
		ids[i] = x.MatterID
	}
	found, err := s.Shared().Matters.GetMany(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, m := range found {
		if !m.Erased {
			names[m.ID] = m.Number + " " + m.Title
		}
	}
	var out []namedWatch
	for _, x := range items {
		if n, ok := names[x.MatterID]; ok {
			out = append(out, namedWatch{WatchItem: x, Name: n})
		}
	}
	return out, nil
}

// apiWatch is GET /api/v1/due-diligence/watch: the first 200 records
// needing attention, the longest due first, and the latest run.
func (s *Handlers) apiWatch(w http.ResponseWriter, r *http.Request) {
	list, err := s.watched(r, 200)
	var run cddmodel.Run
	var ran bool
	if err == nil {
		run, ran, err = s.deps.Runs.LastRun(r.Context())
	}
	if err == nil && ran {
		latest, found, lerr := s.deps.Lists.Latest(r.Context())
		ran, err = found && latest.ID == run.ListID, lerr
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	out := WatchJSON{Items: []WatchItemJSON{}}
	for _, x := range list {
		item := WatchItemJSON{MatterID: x.MatterID, Matter: x.Name, ClientID: x.ClientID, Risk: x.Risk,
			UnreviewedHits: x.Unreviewed, Undecided: x.Undecided}
		if x.ReviewDue != nil {
			item.ReviewDue = stamp(*x.ReviewDue)
		}
		if x.ListDate != nil {
			item.ListDate = stamp(*x.ListDate)
		}
		out.Items = append(out.Items, item)
	}
	if ran {
		out.Monitoring = &MonitoringJSON{ListID: run.ListID, ListVersion: run.ListVersion, StartedAt: stamp(run.StartedAt),
			Screened: run.Screened, NewHits: run.NewHits, Failed: run.Failed}
		if run.FinishedAt != nil {
			out.Monitoring.FinishedAt = stamp(*run.FinishedAt)
		}
	}
	if err := s.RecordView(r, watchSubjects(list)); err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, out)
}

// watchSubjects are whose data a watch list names: the records' clients
// (by ID) and their matters (by number and title).
func watchSubjects(list []namedWatch) []string {
	var out []string
	for _, x := range list {
		out = append(out, x.ClientID, "matter-"+x.MatterID)
	}
	return out
}
