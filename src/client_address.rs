//! Who a request comes from: the connection's address, or, when that is a proxy the server is
//! configured to trust (`--trusted-proxies`), the address it forwarded in `X-Forwarded-For`.
//! Anyone can send that header; only a trusted proxy's word is taken.

use std::net::IpAddr;
use std::str::FromStr;

use actix_web::HttpRequest;
use ipnet::IpNet;

/// The proxies whose `X-Forwarded-For` is believed: addresses or networks (`10.0.0.0/8`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl FromStr for TrustedProxies {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        text.split(',')
            .map(str::trim)
            .filter(|part| !part.is_empty())
            .map(|part| {
                part.parse::<IpNet>()
                    .or_else(|_| part.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!("`{part}` is not an IP address or network (`10.0.0.1`, `10.0.0.0/8`)")
                    })
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }
}

impl TrustedProxies {
    fn trusts(&self, address: IpAddr) -> bool {
        self.0.iter().any(|network| network.contains(&address))
    }

    /// The client's address: the connection's, unless it is a trusted proxy; then the
    /// nearest address in `X-Forwarded-For` (read from the right) that is not a trusted
    /// proxy itself. An entry that is not an address ends the walk there.
    pub fn client_of(&self, request: &HttpRequest) -> Option<IpAddr> {
        let mut client = request.peer_addr()?.ip();
        if !self.trusts(client) {
            return Some(client);
        }
        let forwarded: Vec<&str> = request
            .headers()
            .get_all("x-forwarded-for")
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .collect();
        for hop in forwarded.into_iter().rev() {
            let Ok(address) = hop.trim().parse::<IpAddr>() else {
                break;
            };
            client = address;
            if !self.trusts(address) {
                break;
            }
        }
        Some(client)
    }
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn from(peer: &str, forwarded: Option<&str>, trusted: &str) -> IpAddr {
        let mut request = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        if let Some(forwarded) = forwarded {
            request = request.insert_header(("X-Forwarded-For", forwarded));
        }
        trusted
            .parse::<TrustedProxies>()
            .unwrap()
            .client_of(&request.to_http_request())
            .unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_says_who_the_client_is() {
        let ip = |text: &str| text.parse::<IpAddr>().unwrap();
        // Nobody trusted: the header is anyone's to forge.
        assert_eq!(from("203.0.113.9", Some("1.2.3.4"), ""), ip("203.0.113.9"));
        // A trusted proxy: the address it saw, not what the client claimed before it.
        assert_eq!(
            from("10.0.0.2", Some("6.6.6.6, 198.51.100.7"), "10.0.0.0/8"),
            ip("198.51.100.7")
        );
        // Two trusted hops.
        assert_eq!(
            from("10.0.0.2", Some("198.51.100.7, 10.0.0.3"), "10.0.0.0/8"),
            ip("198.51.100.7")
        );
        // Not from the trusted proxy: ignored.
        assert_eq!(
            from("192.0.2.1", Some("198.51.100.7"), "10.0.0.0/8"),
            ip("192.0.2.1")
        );
        // Garbage ends the walk at the last good hop.
        assert_eq!(from("10.0.0.2", Some("nonsense"), "10.0.0.2"), ip("10.0.0.2"));
        assert!("10.0.0.0/33".parse::<TrustedProxies>().is_err());
        assert!("proxy.local".parse::<TrustedProxies>().is_err());
    }
}
