package admin

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	staffcmd "github.com/klient-crm/klient/commands/staff"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/staff"
)

// wallsPage is the view of the standing walls and the form for a new one.
// A wall names its contact by ID only: the page shows no one's details.
type wallsPage struct {
	Walls     []staff.Wall
	Names     map[string]string // staff ID to name
	Members   []staff.Member    // the people a wall can name
	Users     map[string]bool   // checked in the form
	Teams     []web.TeamChoice
	WallID    string
	ContactID string
	MatterID  string
	NewTeams  string
	Reason    string
	Errors    web.FieldMessages
	Summary   string
	Done      string // catalogue key
}

// errNoSuchWallTarget: the contact ID typed matches no contact.
var errNoSuchWallTarget = domain.Invalid("contact_id", "there is no contact with this ID").WithCode("wall.contact.unknown")

// listWalls shows the walls that stand.
func (s *Handlers) listWalls(w http.ResponseWriter, r *http.Request) {
	page := wallsPage{WallID: uuid.Must(uuid.NewV7()).String(), Users: map[string]bool{}}
	switch r.URL.Query().Get("done") {
	case "erected":
		page.Done = "walls.done.erected"
	case "lifted":
		page.Done = "walls.done.lifted"
	}
	s.showWalls(w, r, http.StatusOK, page)
}

func (s *Handlers) showWalls(w http.ResponseWriter, r *http.Request, status int, page wallsPage) {
	ctx := r.Context()
	walls, err := s.Shared().Staff.ActiveWalls(ctx)
	var members []staff.Member
	var teams []string
	if err == nil {
		members, err = s.Shared().Staff.List(ctx)
	}
	if err == nil {
		teams, err = s.Shared().Staff.Teams(ctx)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page.Walls, page.Members, page.Names = walls, members, map[string]string{}
	for _, m := range members {
		page.Names[m.ID] = m.Name
	}
	page.Teams = web.TeamChoices(teams, selectedTeams(page.Teams), nil)
	s.RenderPage(w, r, status, "walls", page)
}

// erectWall keeps the checked members and teams away from one contact or
// matter. It must exist: a mistyped ID would wall off nothing.
func (s *Handlers) erectWall(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	f := r.PostForm
	page := wallsPage{WallID: f.Get("wall_id"), ContactID: strings.TrimSpace(f.Get("contact_id")),
		MatterID: strings.TrimSpace(f.Get("matter_id")), NewTeams: f.Get("new_teams"), Reason: f.Get("reason"), Users: map[string]bool{}}
	for _, u := range f["users"] {
		page.Users[u] = true
	}
	for _, t := range f["teams"] {
		page.Teams = append(page.Teams, web.TeamChoice{Team: t, Checked: true})
	}
	res, err := s.erect(r, page, teamsOf(f))
	if web.IsFormError(err) {
		var status int
		page.Errors, page.Summary, status = s.FormFailure(r, err)
		s.showWalls(w, r, status, page)
		return
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), web.StaffProjector, res.Position)
	http.Redirect(w, r, "/admin/walls?done=erected", http.StatusSeeOther)
}

func (s *Handlers) erect(r *http.Request, page wallsPage, teams []string) (staffcmd.WallResult, error) {
	target, err := s.wallTarget(r, page)
	if err != nil {
		return staffcmd.WallResult{}, err
	}
	users := make([]string, 0, len(page.Users))
	for u := range page.Users {
		users = append(users, u)
	}
	return s.deps.Access.ErectWall.Handle(r.Context(), staffcmd.ErectWall{Actor: s.Actor(r),
		WallID: page.WallID, Target: target,
		Users: users, Teams: teams, Reason: page.Reason})
}

// liftWall lifts a wall from the version the list showed.
func (s *Handlers) liftWall(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	version, ok := web.ParseVersion(r.PostForm.Get("version"))
	if !ok {
		s.Fail(w, r, web.BadRequest(web.ErrMalformed, "version", "request.version.invalid", "the version is not a number"))
		return
	}
	res, err := s.deps.Access.LiftWall.Handle(r.Context(), staffcmd.LiftWall{Actor: s.Actor(r),
		WallID: chi.URLParam(r, "id"), ExpectedVersion: version})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.Await(r.Context(), web.StaffProjector, res.Position)
	http.Redirect(w, r, "/admin/walls?done=lifted", http.StatusSeeOther)
}
