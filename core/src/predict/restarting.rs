//! A model restarted every L symbols (`restart: segment`): after each L-th symbol its state
//! along the sequence starts afresh, what it learned stays. One coded stream.

use neural::Trained;

use super::neural::OnlineModel;

pub struct Restarting {
    model: Box<dyn OnlineModel>,
    every: usize,
    seen: usize,
}

impl Restarting {
    pub fn new(model: Box<dyn OnlineModel>, every: usize) -> Restarting {
        assert_eq!(model.coded_streams(), 1, "one coded stream");
        Restarting {
            model,
            every,
            seen: 0,
        }
    }
}

impl OnlineModel for Restarting {
    fn alphabet(&self) -> usize {
        self.model.alphabet()
    }
    fn coded_streams(&self) -> usize {
        1
    }
    fn predict(&mut self, live: usize) -> &[f32] {
        self.model.predict(live)
    }
    fn update(&mut self, symbols: &[u8]) {
        self.model.update(symbols);
        self.seen += 1;
        if self.seen == self.every {
            self.model.restart();
            self.seen = 0;
        }
    }
    fn restart(&mut self) {
        self.model.restart();
        self.seen = 0;
    }
    fn freeze(&mut self) {
        self.model.freeze()
    }
    fn trained(&self) -> Trained {
        self.model.trained()
    }
    fn load(&mut self, trained: &Trained) {
        self.model.load(trained)
    }
}
