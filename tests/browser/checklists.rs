//! Practice checklists: ticking and unticking moves the progress bars of the lesson, its module, the
//! home page and "My progress" to the right percentage, and ticks survive a reload, a rebuild of
//! the site, and the lesson moving to another file with its `id` kept.

use fantoccini::{Client, Locator};

use crate::course::{Course, progress_text};
use crate::harness::{Browser, BuiltSite, CourseCopy, serve};
use crate::page::*;

const LESSON: &str = "human-selling/cogs.html";
const COMPLETE: &str = "Mark this lesson complete";

/// Clicks the checkbox labelled `label` inside the progress page's entry for the lesson `lesson`.
async fn click_on_progress_page(c: &Client, lesson: &str, label: &str) {
    let xpath = format!(
        "//li[.//h3//a[{}]]//label[{}]",
        text_is(lesson),
        text_is(label)
    );
    let what = format!("\"{label}\" under \"{lesson}\" on the progress page");
    click(c, &find(c, &what, &xpath).await, &what).await;
}

async fn ticked_on_progress_page(c: &Client, lesson: &str, label: &str) -> bool {
    let xpath = format!(
        "//li[.//h3//a[{}]]//li[label[{}]]/input",
        text_is(lesson),
        text_is(label)
    );
    let what = format!("the box \"{label}\" under \"{lesson}\"");
    find(c, &what, &xpath)
        .await
        .is_selected()
        .await
        .expect("checkbox state")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticking_moves_every_progress_bar() {
    let course = Course::bundled();
    let (module, lesson) = course.item(LESSON);
    let checks = course.checks(LESSON);
    assert!(
        checks.len() >= 4,
        "{LESSON}: the test needs 4 checklist items"
    );
    let lesson_units = lesson.units();
    let (module_units, course_units) = (module.units(), course.units());
    let module_bar = format!("Progress in {}", module.title);

    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{LESSON}")).await;
    expect_heading(c, &lesson.title).await;
    let bar = "Progress in this lesson";
    expect_progress_text(c, bar, &progress_text(0, lesson_units)).await;
    assert_eq!(
        sidebar_status(c, &lesson.title).await.unwrap(),
        "Not started"
    );

    // Tick two items and "complete", untick one: the bar follows each change.
    click_label(c, &checks[0]).await;
    expect_ticked(c, &checks[0], true).await;
    expect_progress_text(c, bar, &progress_text(1, lesson_units)).await;
    click_label(c, &checks[1]).await;
    expect_progress_text(c, bar, &progress_text(2, lesson_units)).await;
    click_label(c, COMPLETE).await;
    expect_ticked(c, COMPLETE, true).await;
    expect_progress_text(c, bar, &progress_text(3, lesson_units)).await;
    click_label(c, &checks[1]).await;
    expect_ticked(c, &checks[1], false).await;
    expect_progress_text(c, bar, &progress_text(2, lesson_units)).await;
    eventually(
        "the sidebar shows the lesson in progress",
        async || sidebar_status(c, &lesson.title).await,
        |s| s == "In progress",
    )
    .await;

    reload(c).await;
    expect_ticked(c, &checks[0], true).await;
    expect_ticked(c, &checks[1], false).await;
    expect_ticked(c, COMPLETE, true).await;
    expect_progress_text(c, bar, &progress_text(2, lesson_units)).await;

    // The module page, the home page and "My progress" count the same two units.
    open(c, &format!("{base}/{}", module.url)).await;
    expect_heading(c, &module.title).await;
    expect_progress_text(
        c,
        "Progress in this module",
        &progress_text(2, module_units),
    )
    .await;
    expect_item_text(c, &lesson.title, "In progress").await;

    open(c, &format!("{base}/index.html")).await;
    expect_progress_text(c, &module_bar, &progress_text(2, module_units)).await;
    let whole = "Progress in the whole course";
    expect_progress_text(c, whole, &progress_text(2, course_units)).await;
    expect_item_text(c, &module.title, "In progress").await;
    for other in course.modules.iter().filter(|m| m.url != module.url) {
        expect_item_text(c, &other.title, "Not started").await;
        expect_progress_text(
            c,
            &format!("Progress in {}", other.title),
            &progress_text(0, other.units()),
        )
        .await;
    }

    click_link(c, "My progress").await;
    expect_heading(c, "My progress").await;
    expect_progress_text(c, whole, &progress_text(2, course_units)).await;
    expect_progress_text(c, &module_bar, &progress_text(2, module_units)).await;
    assert!(ticked_on_progress_page(c, &lesson.title, &checks[0]).await);
    assert!(!ticked_on_progress_page(c, &lesson.title, &checks[1]).await);
    assert!(ticked_on_progress_page(c, &lesson.title, "Lesson complete").await);

    // Ticking on the progress page counts too, and the lesson page shows it.
    for check in &checks[1..] {
        click_on_progress_page(c, &lesson.title, check).await;
    }
    expect_progress_text(c, &module_bar, &progress_text(lesson_units, module_units)).await;
    expect_progress_text(c, whole, &progress_text(lesson_units, course_units)).await;

    open(c, &format!("{base}/{LESSON}")).await;
    expect_progress_text(c, bar, &progress_text(lesson_units, lesson_units)).await;
    for check in checks {
        expect_ticked(c, check, true).await;
    }
    eventually(
        "the sidebar shows the lesson done",
        async || sidebar_status(c, &lesson.title).await,
        |s| s == "Done",
    )
    .await;
    open(c, &format!("{base}/{}", module.url)).await;
    expect_item_text(c, &lesson.title, "Done").await;
    expect_progress_text(
        c,
        "Progress in this module",
        &progress_text(lesson_units, module_units),
    )
    .await;

    expect_clean_logs(c, "while ticking practice items").await;
    browser.close().await;
}

/// A task-list item in the lesson's body is also in its practice checklist; both boxes are the
/// same item and stay in sync.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_task_in_the_body_and_its_checklist_entry_stay_in_sync() {
    const MINDSET: &str = "habits/mindset.html";
    let course = Course::bundled();
    let (_, lesson) = course.item(MINDSET);
    let site = BuiltSite::build();
    let base = serve(site.dir()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{MINDSET}")).await;
    let task = find(
        c,
        "a task-list box in the lesson's text",
        "//div[contains(@class, 'prose')]//input[@type='checkbox'][@aria-label]",
    )
    .await;
    let name = task
        .attr("aria-label")
        .await
        .expect("aria-label")
        .expect("a task box has an accessible name");
    assert!(
        course
            .checks(MINDSET)
            .iter()
            .any(|t| norm(t) == norm(&name)),
        "the task {name:?} is not among the lesson's checklist items"
    );
    click(c, &task, "the task-list box").await;
    expect_ticked(c, &name, true).await; // the practice checklist entry with the same text
    let bar = "Progress in this lesson";
    expect_progress_text(c, bar, &progress_text(1, lesson.units())).await;
    click_label(c, &name).await;
    eventually(
        "the task box in the text is unticked too",
        async || task.is_selected().await,
        |t| !*t,
    )
    .await;
    expect_progress_text(c, bar, &progress_text(0, lesson.units())).await;
    let prose_boxes = c
        .find_all(Locator::Css(".prose input[type=checkbox]"))
        .await
        .expect("task boxes");
    assert!(!prose_boxes.is_empty());

    expect_clean_logs(c, "while ticking a task in the text").await;
    browser.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticks_survive_a_rebuild_and_a_moved_lesson() {
    let course = Course::bundled();
    let (_, lesson) = course.item(LESSON);
    let checks = course.checks(LESSON);
    let units = lesson.units();
    let copy = CourseCopy::new();
    copy.build();
    let base = serve(copy.out()).await;
    let browser = Browser::launch().await;
    let c = &browser.client;

    open(c, &format!("{base}/{LESSON}")).await;
    click_label(c, &checks[0]).await;
    click_label(c, COMPLETE).await;
    let bar = "Progress in this lesson";
    expect_progress_text(c, bar, &progress_text(2, units)).await;

    // The same course built again into the same folder.
    copy.build();
    reload(c).await;
    expect_ticked(c, &checks[0], true).await;
    expect_ticked(c, COMPLETE, true).await;
    expect_progress_text(c, bar, &progress_text(2, units)).await;

    // The author writes the lesson's id (its default, module slug / lesson slug) into its front
    // matter, then moves it to another module and another file name, and updates the links.
    let old_file = &lesson.file;
    let new_file = "content/02-support-staff/05-more-than-a-cog.md";
    let text = copy.read(old_file);
    let text = text.replacen("---\n", "---\nid: human-selling/cogs\n", 1);
    // Its links to its old neighbours now go up and into the old module.
    let text = text.replace("](0", "](../01-human-selling/0");
    copy.write(old_file, &text);
    copy.rename(old_file, new_file);
    let home = copy.read("content/_index.md");
    assert!(
        home.contains("01-human-selling/01-cogs.md"),
        "the home page's link to the lesson"
    );
    copy.write(
        "content/_index.md",
        &home.replace(
            "01-human-selling/01-cogs.md",
            "02-support-staff/05-more-than-a-cog.md",
        ),
    );
    copy.build();

    let moved_course = Course::read(copy.root());
    let (new_module, moved) = moved_course.item("support-staff/more-than-a-cog.html");
    assert_eq!(moved.title, lesson.title);
    open(c, &format!("{base}/support-staff/more-than-a-cog.html")).await;
    expect_heading(c, &lesson.title).await;
    expect_ticked(c, &checks[0], true).await;
    expect_ticked(c, &checks[1], false).await;
    expect_ticked(c, COMPLETE, true).await;
    expect_progress_text(c, bar, &progress_text(2, units)).await;
    open(c, &format!("{base}/{}", new_module.url)).await;
    expect_progress_text(
        c,
        "Progress in this module",
        &progress_text(2, new_module.units()),
    )
    .await;
    expect_item_text(c, &lesson.title, "In progress").await;
    expect_clean_logs(c, "after the lesson moved").await;

    // Its old address is gone (the not-found page is served).
    open(c, &format!("{base}/{LESSON}")).await;
    expect_heading(c, "Page not found").await;
    browser.close().await;
}
