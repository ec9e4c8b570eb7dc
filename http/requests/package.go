package requests

import (
	"bytes"
	"io"
	"mime"
	"net/http"
	"slices"

	"github.com/go-chi/chi/v5"

	"github.com/klient-crm/klient/domain"
	"github.com/klient-crm/klient/http/i18n"
	"github.com/klient-crm/klient/http/web"
	"github.com/klient-crm/klient/projections/accesslog"
	"github.com/klient-crm/klient/projections/subjectexport"
)

// packageFormat is one way to hand the access package over: JSON for
// portability (art. 20), one HTML page to read (art. 15).
type packageFormat struct {
	contentType, extension string
	write                  func(io.Writer, subjectexport.Package, subjectexport.Words) error
}

var packageFormats = map[string]packageFormat{
	"json": {"application/json", "json", subjectexport.WriteJSON},
	"html": {"text/html; charset=utf-8", "html", subjectexport.WriteHTML},
}

// errPackageFormat refuses a format the package is not made in.
var errPackageFormat = domain.Invalid("format", "choose json or html").WithCode("dsr.package.format")

// errPackageLang refuses a language the catalogue does not speak.
var errPackageLang = domain.Invalid("lang", "choose sv or en").WithCode("dsr.package.lang")

// packageLang is the language the package is written in: the one the DPO
// picks for this download (?lang=, the data subject's language: a person
// who wrote in English gets English), else the DPO's own.
func packageLang(r *http.Request) (i18n.Lang, error) {
	asked := r.URL.Query().Get("lang")
	if asked == "" {
		return web.LangOf(r.Context()), nil
	}
	if l := i18n.Lang(asked); slices.Contains(web.Langs(), l) {
		return l, nil
	}
	return "", errPackageLang
}

// requestPackage is the request page's download of the access package of
// an access or portability request's subject.
func (s *Handlers) requestPackage(w http.ResponseWriter, r *http.Request) {
	page, err := s.requestView(r, chi.URLParam(r, "id"))
	format, ok := packageFormats[r.URL.Query().Get("format")]
	lang, langErr := packageLang(r)
	switch {
	case err != nil:
	case !page.HasPackage():
		err = domain.Conflict("this request is not answered with the access package").WithCode("dsr.package.not_for_request")
	case !ok:
		err = errPackageFormat
	case langErr != nil:
		err = langErr
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.sendPackage(w, r, page.SubjectID, format, lang)
}

// sendPackage builds subject's package, records the export in the access
// log before the first byte goes out, and sends it as an attachment
// named by IDs only. The whole package is written to a buffer first, so
// a failure is a clean error rather than half a file.
func (s *Handlers) sendPackage(w http.ResponseWriter, r *http.Request, subject string, format packageFormat, lang i18n.Lang) {
	p, err := s.deps.Register.Package(r.Context(), subject)
	var body bytes.Buffer
	if err == nil {
		err = format.write(&body, p, subjectexport.Words{Lang: string(lang), Say: i18n.Sayer(lang)})
	}
	if err == nil {
		principal, _ := web.PrincipalOf(r.Context())
		err = s.RecordAccess(r, principal.StaffID, principal.Action, accesslog.ViaExport, []string{subject})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", format.contentType)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment",
		map[string]string{"filename": "registerutdrag-" + subject + "." + format.extension}))
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body.Bytes())
}
