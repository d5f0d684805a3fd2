//! The interface in another language (issue 20): the bundled course in Arabic is laid out right
//! to left as a mirror of the English one (CSS logical properties, no second style sheet), and
//! in Arabic and French it passes axe-core (light and dark) and the Nu HTML Checker (its pages
//! and the style sheet) with the interface in that language.

use crate::accessibility::expect_axe_clean;
use crate::harness::{Browser, CourseCopy, serve};
use crate::page::*;
use crate::validity::run_vnu;

/// The left edges of the main column and the sidebar, in CSS pixels.
async fn columns(c: &fantoccini::Client) -> (f64, f64) {
    let v = evaluate(
        c,
        "return [document.querySelector('main').getBoundingClientRect().left, \
                 document.querySelector('.sidebar').getBoundingClientRect().left]",
    )
    .await;
    (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_is_a_mirror_and_arabic_and_french_pass_axe_and_the_nu_checker() {
    for (language, dir, my_progress) in [("ar", "rtl", "تقدمي"), ("fr", "ltr", "Ma progression")]
    {
        let course = CourseCopy::new();
        let toml = course
            .read("site.toml")
            .replace("language = \"en\"", &format!("language = \"{language}\""));
        course.write("site.toml", &toml);
        course.build();

        let base = serve(course.out()).await;
        let browser = Browser::launch().await;
        let c = &browser.client;
        open(c, &format!("{base}/habits/mindset.html")).await;
        assert_eq!(evaluate(c, "return document.dir").await, dir, "{language}");
        // On a wide screen the sidebar is the column at the start of the line: the left in
        // French, the right in Arabic.
        let (main, sidebar) = columns(c).await;
        match dir {
            "rtl" => assert!(
                sidebar > main,
                "{language}: sidebar at {sidebar}, main at {main}"
            ),
            _ => assert!(
                sidebar < main,
                "{language}: sidebar at {sidebar}, main at {main}"
            ),
        }
        expect_page_says(c, my_progress).await;
        expect_axe_clean(c, &format!("a lesson in {language}"), true).await;
        open(c, &format!("{base}/index.html")).await;
        expect_axe_clean(c, &format!("the home page in {language}"), true).await;
        open(c, &format!("{base}/progress.html")).await;
        expect_axe_clean(c, &format!("the progress page in {language}"), true).await;
        expect_clean_logs(c, &format!("the pages in {language}")).await;
        browser.close().await;

        // --verbose names each file checked on stdout; errors go to stderr.
        let out = run_vnu(&[course.out()]);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            stdout.contains("index.html") && stdout.contains("syllabus.css"),
            "the Nu HTML Checker did not check the course in {language}:\n{stdout}{stderr}"
        );
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("error")).collect();
        assert!(
            errors.is_empty(),
            "the Nu HTML Checker on the course in {language}:\n{}",
            errors.join("\n")
        );
    }
}
