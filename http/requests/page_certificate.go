package requests

import (
	"mime"
	"net/http"
	"slices"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/domain/matter"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	gdprmodel "github.com/klient-crm/klient/projections/gdpr"
)

// certificatePage is the view of an erasure certificate: it holds no
// personal data, so nothing of it is logged as a view.
type certificatePage struct {
	gdprmodel.ErasureCertificate
	Executor, Approver string // staff names, or the ID of a system actor
	Streams            []countLine
	ReadModels         []countLine
	Residue            []countLine
	Mentions           []mentionLine
	Redacted           bool // back from a redaction
}

// mentionLine is one mention on the certificate page: where, in words.
type mentionLine struct {
	gdprmodel.Mention
	Matter string // number and title; "" when filed under no matter
	Marks  string // what named the person, in words
}

// mentionLines names each mention's matter (those behind the reader's
// walls are already left out: certificateFor).
func (s *Handlers) mentionLines(r *http.Request, ms []gdprmodel.Mention) ([]mentionLine, error) {
	var subjects []string
	for _, m := range ms {
		if m.MatterID != "" {
			subjects = append(subjects, matter.Subject(m.MatterID))
		}
	}
	refs, err := s.NameSubjects(r, subjects)
	if err != nil {
		return nil, err
	}
	lang := web.LangOf(r.Context())
	out := make([]mentionLine, len(ms))
	for i, m := range ms {
		words := make([]string, len(m.Marks))
		for j, mark := range m.Marks {
			words[j] = i18n.T(lang, "dsr.mention.mark."+mark)
		}
		out[i] = mentionLine{Mention: m, Marks: strings.Join(words, ", ")}
		if m.MatterID != "" {
			out[i].Matter = refs[matter.Subject(m.MatterID)].Matter
		}
	}
	return out, nil
}

// countLine is one count of a certificate, in a stable order.
type countLine struct {
	Name  string
	Count int64
}

// certificateFor reads the certificate of erasure {id} as the reader may
// see it: without the mentions behind their walls (visibleMentions).
func (s *Handlers) certificateFor(r *http.Request) (gdprmodel.ErasureCertificate, error) {
	c, err := s.certificateOf(r)
	if err != nil {
		return c, err
	}
	c.Mentions, err = s.visibleMentions(r, c.Mentions)
	return c, err
}

// certificateOf reads the certificate of erasure {id} whole.
func (s *Handlers) certificateOf(r *http.Request) (gdprmodel.ErasureCertificate, error) {
	id := chi.URLParam(r, "id")
	if !web.WellFormedID(id) {
		return gdprmodel.ErasureCertificate{}, errNoSuchCertificate
	}
	return s.deps.Register.Certificate(r.Context(), strings.ToLower(id))
}

// certificatePage shows the certificate for the DPO to read and file.
func (s *Handlers) erasureCertificatePage(w http.ResponseWriter, r *http.Request) {
	c, err := s.certificateFor(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	members, err := s.Shared().Staff.List(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := web.NamesOf(members)
	mentions, err := s.mentionLines(r, c.Mentions)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	page := certificatePage{ErasureCertificate: c, Executor: staffNameOr(names, c.ExecutedBy),
		Approver: staffNameOr(names, c.ApprovedBy), Streams: countLines(c.EventsUnreadable),
		ReadModels: countLines(c.RowsErased), Residue: countLines(c.ResidualRows), Mentions: mentions,
		Redacted: r.URL.Query().Get("done") == "redacted"}
	s.RenderPage(w, r, http.StatusOK, "gdpr_certificate", page)
}

// erasureCertificateJSON sends the certificate as the JSON the DPO files
// (the same document the ledger's WriteCertificateJSON writes, less the
// mentions behind the reader's walls).
func (s *Handlers) erasureCertificateJSON(w http.ResponseWriter, r *http.Request) {
	c, err := s.certificateFor(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	if !web.IsAPI(r) {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment",
			map[string]string{"filename": "raderingsintyg-" + c.ErasureID + ".json"}))
	}
	w.WriteHeader(http.StatusOK)
	_ = gdprmodel.WriteCertificateJSON(w, c)
}

func staffNameOr(names map[string]string, id string) string {
	if n := names[id]; n != "" {
		return n
	}
	return id
}

// countLines orders counts by name, so two readings compare line by line.
func countLines(counts map[string]int64) []countLine {
	out := make([]countLine, 0, len(counts))
	for name, n := range counts {
		out = append(out, countLine{Name: name, Count: n})
	}
	slices.SortFunc(out, func(a, b countLine) int { return strings.Compare(a.Name, b.Name) })
	return out
}

// errNoSuchCertificate answers an erasure not (yet) begun.
var errNoSuchCertificate = domain.NotFound("there is no such erasure").WithCode("gdpr.certificate.not_found")
