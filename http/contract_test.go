package http_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	klienthttp "github.com/klient-crm/klient/http"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The API contract: every API request a test sends through the app and
// every answer it gets are checked against openapi.json by an independent
// JSON Schema validator (OpenAPI 3.1 schemas are JSON Schema 2020-12). An
// answer's status must be documented for its operation, its media type
// too, and a JSON body must match the schema; a request the server
// accepted (2xx) must match the request body's schema. So the document
// cannot drift from what the handlers decode and encode without a test
// failing, in whichever test first exercises the operation.

// contractBase names the document as a resource for the validator.
const contractBase = "https://klient.test/openapi.json"

// apiContract is openapi.json, compiled once per test binary.
type apiContract struct {
	doc        map[string]any
	compiler   *jsonschema.Compiler
	operations []contractOperation
	mu         sync.Mutex
	schemas    map[string]*jsonschema.Schema
	// seen holds the operations answered with a 2xx whose body (if any)
	// was validated, for TestMain's report of operations no test reached.
	seen map[string]bool
}

// contractOperation is one path and method of the document.
type contractOperation struct {
	method, template string
	pattern          *regexp.Regexp
	op               map[string]any
}

var (
	contractOnce sync.Once
	contract     *apiContract
	contractErr  error
)

func loadContract() (*apiContract, error) {
	contractOnce.Do(func() {
		doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(klienthttp.OpenAPIDocument))
		if err != nil {
			contractErr = err
			return
		}
		c := jsonschema.NewCompiler()
		c.DefaultDraft(jsonschema.Draft2020)
		if err := c.AddResource(contractBase, doc); err != nil {
			contractErr = err
			return
		}
		var raw map[string]any
		if err := json.Unmarshal(klienthttp.OpenAPIDocument, &raw); err != nil {
			contractErr = err
			return
		}
		k := &apiContract{doc: raw, compiler: c, schemas: map[string]*jsonschema.Schema{}, seen: map[string]bool{}}
		for template, item := range raw["paths"].(map[string]any) {
			re := regexp.MustCompile("^" + regexp.MustCompile(`\\\{[^}]+\\\}`).ReplaceAllString(regexp.QuoteMeta(template), `[^/]+`) + "$")
			for method, op := range item.(map[string]any) {
				if m, ok := op.(map[string]any); ok && method != "parameters" {
					k.operations = append(k.operations, contractOperation{strings.ToUpper(method), template, re, m})
				}
			}
		}
		// A literal path wins over a template ("/contacts/search" over
		// "/contacts/{id}"): fewer braces first.
		sort.Slice(k.operations, func(i, j int) bool {
			return strings.Count(k.operations[i].template, "{") < strings.Count(k.operations[j].template, "{")
		})
		contract = k
	})
	return contract, contractErr
}

// find is the operation serving method and path, if the document has it.
func (k *apiContract) find(method, path string) (contractOperation, bool) {
	for _, o := range k.operations {
		if o.method == method && o.pattern.MatchString(path) {
			return o, true
		}
	}
	return contractOperation{}, false
}

// schema compiles the schema at a JSON pointer into the document.
func (k *apiContract) schema(pointer []string) (*jsonschema.Schema, error) {
	parts := append([]string(nil), pointer...)
	for i, p := range parts {
		parts[i] = strings.ReplaceAll(strings.ReplaceAll(p, "~", "~0"), "/", "~1")
	}
	url := contractBase + "#/" + strings.Join(parts, "/")
	k.mu.Lock()
	defer k.mu.Unlock()
	if s, ok := k.schemas[url]; ok {
		return s, nil
	}
	s, err := k.compiler.Compile(url)
	if err == nil {
		k.schemas[url] = s
	}
	return s, err
}

// checkExchange checks one API request and its answer against the
// document; it returns what differs, nothing when they agree.
func (k *apiContract) checkExchange(method, path string, query url.Values, reqType string, reqBody []byte, status int,
	respType string, respBody []byte) []string {
	if !strings.HasPrefix(path, "/api/v1/") {
		return nil
	}
	o, ok := k.find(method, path)
	if !ok {
		return []string{fmt.Sprintf("%s %s: no operation in openapi.json", method, path)}
	}
	name := o.method + " " + o.template
	var problems []string
	responses, _ := o.op["responses"].(map[string]any)
	code := fmt.Sprint(status)
	resp, ok := responses[code].(map[string]any)
	if !ok {
		code = "default"
		if resp, ok = responses["default"].(map[string]any); !ok {
			return []string{fmt.Sprintf("%s: status %d is not documented", name, status)}
		}
	}
	// A shared response ("#/components/responses/Forbidden") is validated
	// where it is written.
	at := []string{"paths", o.template, strings.ToLower(o.method), "responses", code}
	if ref, ok := resp["$ref"].(string); ok {
		name := strings.TrimPrefix(ref, "#/components/responses/")
		resp, _ = k.doc["components"].(map[string]any)["responses"].(map[string]any)[name].(map[string]any)
		at = []string{"components", "responses", name}
	}
	mediaType, _, _ := mime.ParseMediaType(respType)
	content, _ := resp["content"].(map[string]any)
	documented := mediaType
	if content[documented] == nil && content["*/*"] != nil {
		documented = "*/*"
	}
	switch {
	case len(respBody) == 0 && len(content) == 0:
	case content[documented] == nil:
		problems = append(problems, fmt.Sprintf("%s: status %d answered %q, the document says %v", name, status, mediaType, keys(content)))
	case strings.HasSuffix(mediaType, "json"):
		problems = append(problems, k.validate(name, append(at, "content", documented, "schema"), respBody)...)
	}
	if status >= 200 && status < 300 {
		if rt, _, _ := mime.ParseMediaType(reqType); rt == "application/json" && len(reqBody) > 0 {
			if _, has := o.op["requestBody"]; !has {
				problems = append(problems, fmt.Sprintf("%s: accepted a JSON body the document does not describe", name))
			} else {
				at := []string{"paths", o.template, strings.ToLower(o.method), "requestBody", "content", "application/json", "schema"}
				problems = append(problems, k.validate(name+" (request)", at, reqBody)...)
			}
		}
		problems = append(problems, k.checkQuery(name, o, query)...)
		if len(problems) == 0 {
			k.mu.Lock()
			k.seen[name] = true
			k.mu.Unlock()
		}
	}
	return problems
}

// checkQuery checks the query of a request the server accepted: every
// parameter is one the operation documents (its own or a shared one of
// components/parameters), and each value is one its schema takes.
func (k *apiContract) checkQuery(name string, o contractOperation, query url.Values) []string {
	documented := map[string][]string{} // parameter name → pointer to its schema
	types := map[string]any{}
	params, _ := o.op["parameters"].([]any)
	for i, raw := range params {
		param, _ := raw.(map[string]any)
		at := []string{"paths", o.template, strings.ToLower(o.method), "parameters", strconv.Itoa(i)}
		if ref, ok := param["$ref"].(string); ok {
			shared := strings.TrimPrefix(ref, "#/components/parameters/")
			param, _ = k.doc["components"].(map[string]any)["parameters"].(map[string]any)[shared].(map[string]any)
			at = []string{"components", "parameters", shared}
		}
		if n, _ := param["name"].(string); param["in"] == "query" {
			documented[n] = append(at, "schema")
			schema, _ := param["schema"].(map[string]any)
			types[n] = schema["type"]
		}
	}
	var problems []string
	for _, n := range slices.Sorted(maps.Keys(query)) {
		at, ok := documented[n]
		if !ok {
			problems = append(problems, fmt.Sprintf("%s: accepted the query parameter %q, which the document does not describe", name, n))
			continue
		}
		for _, v := range query[n] {
			value, _ := json.Marshal(v) // a query value is a string unless its schema reads it as a number or a boolean
			if _, err := strconv.ParseFloat(v, 64); err == nil && (types[n] == "integer" || types[n] == "number") {
				value = []byte(v)
			}
			if (v == "true" || v == "false") && types[n] == "boolean" {
				value = []byte(v)
			}
			problems = append(problems, k.validate(fmt.Sprintf("%s (query %s)", name, n), at, value)...)
		}
	}
	return problems
}

func (k *apiContract) validate(name string, pointer []string, body []byte) []string {
	s, err := k.schema(pointer)
	if err != nil {
		return []string{fmt.Sprintf("%s: no schema at %s: %v", name, strings.Join(pointer, "/"), err)}
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return []string{fmt.Sprintf("%s: the body is not JSON: %v", name, err)}
	}
	if err := s.Validate(v); err != nil {
		return []string{fmt.Sprintf("%s: the body does not match the document: %v\nbody: %s", name, err, truncate(body))}
	}
	return nil
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func truncate(b []byte) string {
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// contractChecked wraps the app's handler so that every API exchange a
// test makes is checked against the document; a difference fails t.
func contractChecked(t testing.TB, next http.Handler) http.Handler {
	k, err := loadContract()
	if err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.HasPrefix(r.URL.Path, "/api/v1/") {
			next.ServeHTTP(w, r)
			return
		}
		var reqBody []byte
		if r.Body != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
			reqBody, _ = io.ReadAll(r.Body)
			r.Body = io.NopCloser(bytes.NewReader(reqBody))
		}
		tee := &teeWriter{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(tee, r)
		for _, p := range k.checkExchange(r.Method, r.URL.Path, r.URL.Query(), r.Header.Get("Content-Type"), reqBody,
			tee.status, w.Header().Get("Content-Type"), tee.body.Bytes()) {
			t.Errorf("API contract: %s", p)
		}
	})
}

// teeWriter keeps a copy of what the handler wrote.
type teeWriter struct {
	http.ResponseWriter
	status int
	body   bytes.Buffer
}

func (w *teeWriter) WriteHeader(status int) {
	w.status = status
	w.ResponseWriter.WriteHeader(status)
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

func (w *teeWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// TestMain runs the package's tests and then, when they all ran (no -run,
// no -short), fails the run for any API operation of the document that no
// test answered with a success whose body matched: an operation nobody
// exercises is one whose contract nobody checks.
func TestMain(m *testing.M) {
	code := m.Run()
	if f := flag.Lookup("test.run"); code == 0 && f != nil && f.Value.String() == "" && !testing.Short() {
		if missing := unexercised(); len(missing) > 0 {
			fmt.Fprintf(os.Stderr, "API contract: no test exercised these operations with a success:\n  %s\n",
				strings.Join(missing, "\n  "))
			code = 1
		}
	}
	os.Exit(code)
}

// unexercised are the document's API operations no exchange confirmed.
func unexercised() []string {
	k, err := loadContract()
	if err != nil {
		return []string{err.Error()}
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	var out []string
	for _, o := range k.operations {
		if name := o.method + " " + o.template; strings.HasPrefix(o.template, "/api/v1/") && !k.seen[name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// The checker itself: what the document says of POST /api/v1/contacts
// (201 with a Contact, 202 with its ID and version, problem details for
// refusals, a body of CreateContact's fields) decides each case.
func TestContractCheckerCatchesDrift(t *testing.T) {
	t.Parallel()
	k, err := loadContract()
	must(t, err)
	const path, json, problem = "/api/v1/contacts", "application/json", "application/problem+json"
	person := []byte(`{"kind":"person","details":{"given_name":"Å","family_name":"L"}}`)
	written := []byte(`{"id":"01900000-0000-7000-8000-000000000000","version":1}`)
	for _, c := range []struct {
		what          string
		status        int
		media         string
		req, body     []byte
		wantDifferent bool
	}{
		{"a status the operation does not document", http.StatusTeapot, problem, person, []byte(`{}`), true},
		{"a contact without its required fields", http.StatusCreated, json, person, []byte(`{"id":"x"}`), true},
		{"a body of another media type", http.StatusCreated, "text/html", person, []byte(`<p>`), true},
		{"an accepted request with a field the document lacks", http.StatusAccepted, json,
			[]byte(`{"kind":"person","colour":"red","details":{"given_name":"Å","family_name":"L"}}`), written, true},
		{"an accepted request and its answer as documented", http.StatusAccepted, json, person, written, false},
		// A new contact's stream begins at version 0, as the Contact it reads as.
		{"a new contact accepted before its read model shows it", http.StatusAccepted, json, person,
			[]byte(`{"id":"01900000-0000-7000-8000-000000000000","version":0}`), false},
		{"a refusal as problem details", http.StatusUnprocessableEntity, problem, person,
			[]byte(`{"type":"urn:klient:problem:invalid","title":"Ogiltig","status":422,"detail":"x"}`), false},
	} {
		got := k.checkExchange(http.MethodPost, path, nil, json, c.req, c.status, c.media, c.body)
		if c.wantDifferent && len(got) == 0 {
			t.Errorf("%s: the checker saw no difference", c.what)
		}
		if !c.wantDifferent && len(got) > 0 {
			t.Errorf("%s: %v", c.what, got)
		}
	}
	// A list's query: its documented parameters with values their schemas
	// take (limit 1 to 500, a shared parameter), and nothing else.
	page := []byte(`{"items":[]}`)
	for _, c := range []struct {
		query         string
		wantDifferent bool
	}{
		{"status=open&limit=500&after=abc", false},
		{"colour=red", true},
		{"limit=0", true},
		{"limit=501", true},
		{"limit=tio", true},
		{"status=odd", true},
	} {
		q, _ := url.ParseQuery(c.query)
		got := k.checkExchange(http.MethodGet, "/api/v1/matters", q, "", nil, http.StatusOK, json, page)
		if c.wantDifferent != (len(got) > 0) {
			t.Errorf("GET /api/v1/matters?%s accepted: the checker said %v", c.query, got)
		}
	}
}
