package contacts

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/klient-crm/klient/domain/access"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/contacts"
)

// listPage is the view of the contact list and of search results.
type listPage struct {
	Contacts        []contacts.Summary
	Query           string
	Searched        bool
	IncludeArchived bool
	Page            int
	PrevPage        int  // 0: none
	NextPage        int  // 0: none
	CanExport       bool // the member may export what the list shows (contact.export)
	CanCreate       bool // the member may register contacts and import them from a file (contact.create)
	CanReview       bool // the member may review likely duplicates (contact.edit)
}

// pageSize is how many contacts one page of the list shows.
const pageSize = 50

// listContacts shows contacts in Swedish alphabetical order. Paging and the
// archived filter may sit in the URL: they say nothing about anyone.
func (s *Handlers) listContacts(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	view := listPage{IncludeArchived: q.Get("archived") == "1", Page: page}
	dir, err := s.Contacts(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	found, err := dir.List(r.Context(), contacts.Options{
		IncludeArchived: view.IncludeArchived, Limit: pageSize + 1, Offset: (page - 1) * pageSize})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(found) > pageSize {
		found, view.NextPage = found[:pageSize], page+1
	}
	if page > 1 {
		view.PrevPage = page - 1
	}
	view.Contacts = found
	s.showList(w, r, view)
}

// searchContacts answers the search form. It is a POST so that names,
// personnummer and e-mail addresses people search for never land in URLs,
// browser history or proxy logs. Results come ranked best first.
func (s *Handlers) searchContacts(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		s.Fail(w, r, web.FormError(err))
		return
	}
	view := listPage{Query: strings.TrimSpace(r.PostForm.Get("q")), Searched: true,
		IncludeArchived: r.PostForm.Get("archived") != ""}
	dir, err := s.Contacts(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	found, err := dir.Search(r.Context(), view.Query, contacts.Options{
		IncludeArchived: view.IncludeArchived, Limit: pageSize})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	view.Contacts = found
	s.showList(w, r, view)
}

// showList logs who saw the listed contacts, then shows them.
func (s *Handlers) showList(w http.ResponseWriter, r *http.Request, view listPage) {
	err := s.cardsOnly(r, view.Contacts)
	if err == nil {
		err = s.RecordView(r, web.SummaryIDs(view.Contacts))
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, _ := web.PrincipalOf(r.Context())
	view.CanExport, view.CanCreate, view.CanReview = p.Can(access.ContactExport), p.Can(access.ContactCreate), p.Can(access.ContactEdit)
	s.RenderPage(w, r, http.StatusOK, "contacts", view)
}
