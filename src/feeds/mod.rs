//! Syndication: the latest published articles of a locale (of the whole site or one
//! category) as the feeds that readers, aggregators and news apps take: RSS 2.0, Atom 1.0
//! and JSON Feed 1.1, each from the same [`entries::Feed`].

pub mod atom;
pub mod entries;
pub mod handlers;
pub mod rss;
pub mod service;
pub mod views;

/// The media type of an image, from its URL's extension (`image/jpeg` when it names none
/// known): what an enclosure must say.
pub fn image_type(url: &str) -> &'static str {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    mime_guess::from_path(path)
        .iter_raw()
        .find(|mime| mime.starts_with("image/"))
        .unwrap_or("image/jpeg")
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_images_type_comes_from_its_extension() {
        assert_eq!(
            super::image_type("https://cdn.example.uz/a/b.png?w=800"),
            "image/png"
        );
        assert_eq!(super::image_type("https://cdn.example.uz/a.webp"), "image/webp");
        assert_eq!(super::image_type("https://cdn.example.uz/photo"), "image/jpeg");
    }
}
