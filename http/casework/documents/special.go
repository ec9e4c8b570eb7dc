package documents

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/go-chi/chi/v5"

	dpocmd "github.com/klient-crm/klient/commands/dpo"
	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/access"
	domaindpo "github.com/klient-crm/klient/domain/dpo"
	"github.com/klient-crm/klient/http/web"
	docmodel "github.com/klient-crm/klient/projections/documents"
	dpomodel "github.com/klient-crm/klient/projections/dpo"
)

// Special categories (art. 9) and offences (art. 10): a lawyer of the
// matter marks a document as holding them, with the ground of each. A
// marked document is for those whose role allows access.SensitiveRead:
// to anyone else it is not there — not in the matter's documents, and its
// download is the same 404 as an unknown ID's — so that not even its
// existence (a medical certificate in a client's file) is told. Reading
// it is a download, in the access log like every other, and needs a
// purpose, which the log keeps.

// SpecialMarker records a document's marking.
type SpecialMarker = web.Handles[dpocmd.MarkSpecialCategory, dpocmd.SpecialResult]

// SpecialMarks reads the markings of documents (projections/dpo).
type SpecialMarks interface {
	SpecialMarks(ctx context.Context, ids []string) (map[string]dpomodel.SpecialMark, error)
}

// MaySeeSpecial: the principal's role allows reading marked documents.
func MaySeeSpecial(r *http.Request) bool {
	p, ok := web.PrincipalOf(r.Context())
	return ok && p.Can(access.SensitiveRead)
}

// specialOf reads one document's marking; marked is false when none.
func (s *Handlers) specialOf(r *http.Request, docID string) (dpomodel.SpecialMark, bool, error) {
	marks, err := s.deps.Files.SpecialMarks(r.Context(), []string{docID})
	m, marked := marks[docID]
	return m, marked, err
}

// withoutSpecial leaves out the marked documents the principal may not
// read, and returns the markings of those they may.
func (s *Handlers) withoutSpecial(r *http.Request, docs []docmodel.Document) ([]docmodel.Document, map[string]dpomodel.SpecialMark, error) {
	ids := make([]string, len(docs))
	for i, d := range docs {
		ids[i] = d.ID
	}
	marks, err := s.deps.Files.SpecialMarks(r.Context(), ids)
	if err != nil || MaySeeSpecial(r) {
		return docs, marks, err
	}
	return slices.DeleteFunc(docs, func(d docmodel.Document) bool { _, marked := marks[d.ID]; return marked }), marks, nil
}

// errPurposeRequired refuses to open a marked document without the
// reason the access log is to keep (the form field or query "purpose",
// or the Klient-Purpose header).
var errPurposeRequired = domain.Invalid("purpose", "say why you open the document: it holds special categories of personal data").
	WithCode("special.purpose_required")

// purposeGiven: a marked document is opened only with a purpose.
func (s *Handlers) purposeGiven(r *http.Request, docID string) error {
	_, marked, err := s.specialOf(r, docID)
	if err == nil && marked && web.PurposeOf(r) == "" {
		err = errPurposeRequired
	}
	return err
}

// specialPage is the marking form of one document.
type specialPage struct {
	Doc        docmodel.Document
	Matter     string // the matter's page, for the way back
	Form       web.FormState
	Categories []domaindpo.SpecialCategory
	Grounds    []domaindpo.SpecialGround
	Done       bool
}

// SpecialValues is a marking (a document's or a log entry's) as its
// form's values.
func SpecialValues(m dpomodel.SpecialMark) url.Values {
	v := url.Values{}
	for _, c := range m.Categories {
		v.Add("categories", string(c))
	}
	for _, g := range m.Grounds {
		v.Add("grounds", string(g))
	}
	return v
}

func (s *Handlers) specialForm(w http.ResponseWriter, r *http.Request) {
	doc, err := s.visibleDocument(r, chi.URLParam(r, "id"))
	var mark dpomodel.SpecialMark
	if err == nil {
		mark, _, err = s.specialOf(r, doc.ID)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.RenderPage(w, r, http.StatusOK, "document_special", specialPage{Doc: doc, Matter: doc.MatterID, Form: web.FormState{Values: SpecialValues(mark)},
		Categories: domaindpo.SpecialCategories, Grounds: domaindpo.SpecialGrounds, Done: r.URL.Query().Get("done") == "saved"})
}

func (s *Handlers) markSpecial(r *http.Request, id string, categories, grounds []string) (docmodel.Document, dpocmd.SpecialResult, error) {
	doc, err := s.visibleDocument(r, id)
	if err != nil {
		return doc, dpocmd.SpecialResult{}, err
	}
	cmd := dpocmd.MarkSpecialCategory{Actor: s.Actor(r), DocumentID: doc.ID}
	for _, c := range categories {
		cmd.Categories = append(cmd.Categories, domaindpo.SpecialCategory(c))
	}
	for _, g := range grounds {
		cmd.Grounds = append(cmd.Grounds, domaindpo.SpecialGround(g))
	}
	res, err := s.deps.MarkSpecial.Handle(r.Context(), cmd)
	if err == nil {
		s.Await(r.Context(), specialProjector, res.Position)
	}
	return doc, res, err
}

// saveSpecial takes the form; a refusal (a category without its ground)
// is the form again with the message, nothing written.
func (s *Handlers) saveSpecial(w http.ResponseWriter, r *http.Request) {
	if !s.ParseForm(w, r) {
		return
	}
	doc, _, err := s.markSpecial(r, chi.URLParam(r, "id"), r.PostForm["categories"], r.PostForm["grounds"])
	if err != nil {
		form, status, ok := s.FailedForm(r, err, r.URL.Path)
		if !ok || domain.KindOf(err) == domain.KindNotFound {
			s.Fail(w, r, err)
			return
		}
		s.RenderPage(w, r, status, "document_special", specialPage{Doc: doc, Matter: doc.MatterID, Form: form,
			Categories: domaindpo.SpecialCategories, Grounds: domaindpo.SpecialGrounds})
		return
	}
	http.Redirect(w, r, "/documents/"+doc.ID+"/special-category?done=saved", http.StatusSeeOther)
}

// SpecialCategoryJSON is a document's marking as the API reads and
// writes it: no categories, no marking.
type SpecialCategoryJSON struct {
	Categories []domaindpo.SpecialCategory `json:"categories"`
	Grounds    []domaindpo.SpecialGround   `json:"grounds"`
}

// SpecialJSON is a marking (a document's or a log entry's) as the API
// answers it: empty lists, never null, for no marking.
func SpecialJSON(cats []domaindpo.SpecialCategory, grounds []domaindpo.SpecialGround) SpecialCategoryJSON {
	out := SpecialCategoryJSON{Categories: cats, Grounds: grounds}
	if out.Categories == nil {
		out.Categories = []domaindpo.SpecialCategory{}
	}
	if out.Grounds == nil {
		out.Grounds = []domaindpo.SpecialGround{}
	}
	return out
}

func (s *Handlers) apiSpecial(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		var in SpecialCategoryJSON
		if err := web.DecodeJSON(r, &in); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
		var cats, grounds []string
		for _, c := range in.Categories {
			cats = append(cats, string(c))
		}
		for _, g := range in.Grounds {
			grounds = append(grounds, string(g))
		}
		if _, _, err := s.markSpecial(r, chi.URLParam(r, "id"), cats, grounds); err != nil {
			s.WriteProblem(w, r, err)
			return
		}
	}
	doc, err := s.visibleDocument(r, chi.URLParam(r, "id"))
	var mark dpomodel.SpecialMark
	if err == nil {
		mark, _, err = s.specialOf(r, doc.ID)
	}
	if err != nil {
		s.WriteProblem(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, SpecialJSON(mark.Categories, mark.Grounds))
}
