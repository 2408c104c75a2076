package endpoints

import (
	"strings"
	"sync"
	"testing"
)

func TestEmbeddedPartitionsMatchSpec(t *testing.T) {
	compareWithSpec(t, "partitions.json", "partitions.json")
}

func TestEmbeddedPartitionsParse(t *testing.T) {
	table, err := loadPartitions()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov"}
	var got []string
	for _, rp := range table.patterns {
		got = append(got, rp.p.Name)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("partitions = %v, want %v", got, want)
	}
	if table.fallback.Name != "aws" {
		t.Errorf("fallback = %q, want aws", table.fallback.Name)
	}
	aws := table.fallback
	if aws.DNSSuffix != "amazonaws.com" || aws.DualStackDNSSuffix != "api.aws" ||
		!aws.SupportsFIPS || !aws.SupportsDualStack {
		t.Errorf("aws outputs = %+v", *aws)
	}
}

func TestAWSPartitionMatching(t *testing.T) {
	tests := []struct {
		region, want, why string
	}{
		// Exact keys in "regions".
		{"us-east-1", "aws", "exact"},
		{"cn-northwest-1", "aws-cn", "exact"},
		{"us-gov-west-1", "aws-us-gov", "exact"},
		{"us-isob-west-1", "aws-iso-b", "exact"},
		{"eu-isoe-west-1", "aws-iso-e", "exact"},
		{"eusc-de-east-1", "aws-eusc", "exact"},
		// Global pseudo-regions match no regionRegex, so only the exact
		// key lookup finds their partition.
		{"aws-cn-global", "aws-cn", "exact key that no regex matches"},
		{"aws-us-gov-global", "aws-us-gov", "exact key that no regex matches"},
		{"aws-iso-f-global", "aws-iso-f", "exact key that no regex matches"},
		// regionRegex matches for unlisted regions.
		{"eu-central-9", "aws", "regex"},
		{"cn-south-3", "aws-cn", "regex"},
		{"us-gov-central-2", "aws-us-gov", "regex"},
		{"us-iso-north-4", "aws-iso", "regex"},
		{"us-isob-south-2", "aws-iso-b", "regex"},
		{"eu-isoe-north-2", "aws-iso-e", "regex"},
		{"us-isof-west-7", "aws-iso-f", "regex"},
		{"eusc-de-west-2", "aws-eusc", "regex"},
		// Nothing matches: fall back to aws.
		{"mars-east-1", "aws", "fallback"},
		{"US-EAST-1", "aws", "fallback (case-sensitive)"},
		{"eusc-fr-east-1", "aws", "fallback"},
		{"us-east-1\n", "aws", "fallback (regex must match the whole region)"},
		{"xus-gov-west-1", "aws", "fallback (regex must match the whole region)"},
	}
	for _, tt := range tests {
		p, err := awsPartition(tt.region)
		if err != nil {
			t.Fatal(err)
		}
		if p.Name != tt.want {
			t.Errorf("aws.partition(%q) = %q, want %q (%s)", tt.region, p.Name, tt.want, tt.why)
		}
	}
}

// TestPartitionLookupOrder uses synthetic data to pin the precedence: an
// exact key wins over an earlier partition's regex, the first matching
// regex wins, and "aws" is the fallback even when it is not listed first.
func TestPartitionLookupOrder(t *testing.T) {
	data := []byte(`{"partitions":[
	 {"id":"first","outputs":{"dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":true},
	  "regionRegex":"^zz\\-\\w+\\-\\d+$","regions":{}},
	 {"id":"second","outputs":{"dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":true},
	  "regionRegex":"^zz\\-\\w+\\-\\d+$","regions":{"zz-listed-1":{}}},
	 {"id":"aws","outputs":{"dnsSuffix":"a","dualStackDnsSuffix":"b","supportsFIPS":true,"supportsDualStack":true},
	  "regionRegex":"^us\\-\\w+\\-\\d+$","regions":{}}]}`)
	table, err := parsePartitions(data)
	if err != nil {
		t.Fatal(err)
	}
	for region, want := range map[string]string{
		"zz-listed-1": "second", // exact key beats first's regex
		"zz-other-1":  "first",  // first matching regex wins
		"nowhere":     "aws",    // fallback
	} {
		if got := table.lookup(region).Name; got != want {
			t.Errorf("lookup(%q) = %q, want %q", region, got, want)
		}
	}
}

func TestParsePartitionsRejectsBadData(t *testing.T) {
	for name, data := range map[string]string{
		"not json":      `{`,
		"no partitions": `{"partitions":[]}`,
		"no aws": `{"partitions":[{"id":"x","outputs":{"dnsSuffix":"a","dualStackDnsSuffix":"b",
			"supportsFIPS":true,"supportsDualStack":true},"regionRegex":"^x$","regions":{}}]}`,
		"bad regex": `{"partitions":[{"id":"aws","outputs":{"dnsSuffix":"a","dualStackDnsSuffix":"b",
			"supportsFIPS":true,"supportsDualStack":true},"regionRegex":"(","regions":{}}]}`,
		"missing outputs": `{"partitions":[{"id":"aws","outputs":{},"regionRegex":"^x$","regions":{}}]}`,
	} {
		if _, err := parsePartitions([]byte(data)); err == nil {
			t.Errorf("%s: parsePartitions succeeded, want error", name)
		}
	}
}

// TestResolveConcurrent checks that first-use loading is race-free.
func TestResolveConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if got, err := OIDC.Resolve(Params{Region: "us-west-2", UseDualStack: true}); err != nil || got != "https://oidc.us-west-2.api.aws" {
				t.Errorf("Resolve = %q, %v", got, err)
			}
		}()
	}
	wg.Wait()
}
