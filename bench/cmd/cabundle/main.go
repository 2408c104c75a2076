// Command cabundle writes a PEM file of -n CA certificates for the
// AWS_CA_BUNDLE start-up measurement: the system's bundle
// (/etc/ssl/certs/ca-certificates.crt) first, topped up with generated
// self-signed RSA-2048 CA certificates when it holds fewer than -n.
package main

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"log"
	"math/big"
	"os"
	"time"
)

func main() {
	n := flag.Int("n", 150, "number of certificates")
	out := flag.String("o", "ca-bundle.pem", "output file")
	system := flag.String("system", "/etc/ssl/certs/ca-certificates.crt", "system bundle to copy from")
	flag.Parse()
	log.SetFlags(0)

	var certs []*pem.Block
	if data, err := os.ReadFile(*system); err == nil {
		for len(certs) < *n {
			var b *pem.Block
			b, data = pem.Decode(data)
			if b == nil {
				break
			}
			if b.Type == "CERTIFICATE" {
				certs = append(certs, b)
			}
		}
	}
	fromSystem := len(certs)
	if len(certs) < *n {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			log.Fatal(err)
		}
		for i := len(certs); i < *n; i++ {
			name := pkix.Name{Organization: []string{"ssooidc bench"}, CommonName: fmt.Sprintf("ssooidc bench root CA %03d", i)}
			tmpl := &x509.Certificate{
				SerialNumber:          big.NewInt(int64(i + 1)),
				Subject:               name,
				NotBefore:             time.Now().Add(-time.Hour),
				NotAfter:              time.Now().Add(10 * 365 * 24 * time.Hour),
				IsCA:                  true,
				BasicConstraintsValid: true,
				KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
			}
			der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
			if err != nil {
				log.Fatal(err)
			}
			certs = append(certs, &pem.Block{Type: "CERTIFICATE", Bytes: der})
		}
	}
	f, err := os.Create(*out)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range certs {
		if err := pem.Encode(f, b); err != nil {
			log.Fatal(err)
		}
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d certificates (%d from %s, %d generated)\n", *out, len(certs), fromSystem, *system, len(certs)-fromSystem)
}
