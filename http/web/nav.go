package web

import (
	"net/http"
	"strings"

	"github.com/klient-crm/klient/domain/access"
)

// navLink is one entry of the main menu, shown only to those whose roles
// open it.
type navLink struct {
	Href    string
	Key     string // catalogue key of the label
	Action  access.Action
	Current bool // the page shown is this entry's or under it
}

// NavLinks is the main menu in the order it is shown; home sends a member
// to the first one they may open (the DPO to their register, where overdue
// requests stand out; an administrator to the staff, under the access
// review's reminder; one who also works on matters to their work first).
var NavLinks = []navLink{
	{Href: "/gdpr", Key: "nav.gdpr", Action: access.GDPRManage},
	{Href: "/work", Key: "nav.work", Action: access.TaskManage},
	{Href: "/matters", Key: "nav.matters", Action: access.MatterView},
	{Href: "/admin/staff", Key: "nav.staff", Action: access.StaffManage},
	{Href: "/admin/tokens", Key: "nav.tokens", Action: access.StaffManage},
	{Href: "/admin/walls", Key: "nav.walls", Action: access.WallManage},
	{Href: "/admin/templates", Key: "nav.templates", Action: access.TemplateManage},
	{Href: "/contacts", Key: "nav.contacts", Action: access.ContactSearch},
	{Href: "/campaigns", Key: "nav.campaigns", Action: access.CampaignManage},
	{Href: "/audit", Key: "nav.audit", Action: access.AuditView},
	{Href: "/registers", Key: "nav.registers", Action: access.RegisterView},
	{Href: "/due-diligence", Key: "nav.cdd", Action: access.CDDManage},
	{Href: "/reports", Key: "nav.reports", Action: access.ReportView},
	{Href: "/admin/access-log", Key: "nav.accesslog", Action: access.AccessLogView},
	{Href: "/account", Key: "nav.account", Action: access.SelfService},
}

// UserView is the signed-in member as the page frame shows them.
type UserView struct {
	Name string
	Nav  []navLink
}

// UserOf is the frame's view of the request's member, nil on public pages.
func UserOf(r *http.Request) *UserView {
	p, ok := PrincipalOf(r.Context())
	if !ok {
		return nil
	}
	u := &UserView{Name: p.Name}
	for _, l := range NavLinks {
		if p.Can(l.Action) {
			l.Current = r.URL.Path == l.Href || strings.HasPrefix(r.URL.Path, l.Href+"/")
			u.Nav = append(u.Nav, l)
		}
	}
	return u
}
